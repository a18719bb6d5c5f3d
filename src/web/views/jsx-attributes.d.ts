// Attributes @kitajs/html's JSX types lack (its jsx.d.ts invites augmenting them): a speaker's
// photo comes from any https:// host, and referrerpolicy keeps the page's address from it.
declare namespace JSX {
  interface HtmlImageTag {
    referrerpolicy?:
      | undefined
      | 'no-referrer'
      | 'no-referrer-when-downgrade'
      | 'origin'
      | 'origin-when-cross-origin'
      | 'same-origin'
      | 'strict-origin'
      | 'strict-origin-when-cross-origin'
      | 'unsafe-url';
  }
}
