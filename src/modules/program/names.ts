/** Folds a name's encoding and spacing, so that one thing is found again however a page spaces or encodes it. */
function foldSpacing(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ');
}

/** Folds a name so that one thing is found again however a page spaces, capitalises or encodes it. */
function foldName(name: string): string {
  return foldSpacing(name).toLowerCase();
}

/**
 * The key that finds one person again however a page spaces their name; never their case:
 * "Anna" and "anna" are two people unless a file's ids say they are one.
 */
export function speakerNameKey(name: string): string {
  return foldSpacing(name);
}

/** The key that finds one talk again on re-import: its title, folded the same way. */
export function talkTitleKey(title: string): string {
  return foldName(title);
}

/** The key that makes "All things Web" and "All Things  Web" one track. */
export function trackNameKey(name: string): string {
  return foldName(name);
}
