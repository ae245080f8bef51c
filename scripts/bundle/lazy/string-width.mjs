// string-width for the bundled bin, set up on its first call: the module builds an Intl.Segmenter
// and Unicode property regular expressions when it loads (20-28 ms at start-up), and its one
// user, ora, measures text with it only while a spinner is drawn on a terminal.
let real;

export default function stringWidth(string, options) {
  // require(), not import(): the call is synchronous, and esbuild defers the bundled module's
  // set-up to the first require of it
  real ??= require('real:string-width').default;
  return real(string, options);
}
