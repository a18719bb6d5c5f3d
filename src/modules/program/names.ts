/** Folds a name so that one thing is found again however a page spaces, capitalises or encodes it. */
function foldName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The key that finds one person again however a page spaces or capitalises their name. */
export function speakerNameKey(name: string): string {
  return foldName(name);
}

/** The key that finds one talk again on re-import: its title, folded the same way. */
export function talkTitleKey(title: string): string {
  return foldName(title);
}

/** The key that makes "All things Web" and "All Things  Web" one track. */
export function trackNameKey(name: string): string {
  return foldName(name);
}
