/**
 * A talks page written by an attacker: every field a speaker or an organiser can fill holds
 * markup meant to run in a visitor's browser. Imported as event "xss", it must render inert.
 */

export const XSS_EVENT = 'xss';

export const SCRIPT_TITLE = `<script>alert(1)</script> "><img src=x onerror=alert(2)> ' " \` end`;
export const ATTRIBUTE_TITLE = `x" onmouseover="alert(3)" a='b' onfocus='alert(4)' \`c\` <svg onload=alert(5)>`;
export const TITLE_BREAKER = `</title><script>alert(6)</script><!-- &lt;script&gt;alert(7)&lt;/script&gt; &amp; &#60;b&#62;`;

export const IMG_SPEAKER = `"><img src=x onerror=alert(8)>`;
export const SVG_SPEAKER = `<svg onload=alert(9)>`;
export const QUOTE_SPEAKER = `Eve' onclick='alert(10)`;

export const SCRIPT_TRACK = `</title><script>alert(11)</script>`;
export const QUOTE_TRACK = `x' onmouseover='alert(12)" onfocus="alert(13)\``;

export const DESCRIPTION = [
  '<script>alert(14)</script> and <a href="javascript:alert(15)">raw link</a>',
  '',
  '[markdown link](javascript:alert(16)) [mixed case](JaVaScRiPt:alert(17)) [entity](java&#115;cript:alert(18))',
  '[spaced]( javascript:alert(19)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgyMCk8L3NjcmlwdD4=) [vb](vbscript:alert(21))',
  '',
  '![image](javascript:alert(22)) <javascript:alert(23)> <http://example.com/"onmouseover="alert(24)>',
  '',
  '[reference][evil]',
  '',
  '[evil]: javascript:alert(25)',
  '',
  '* <svg onload=alert(26)> item',
  '* `<img src=x onerror=alert(27)>` in code',
].join('\n');

export const ABSTRACT = [
  '<div onclick="alert(28)">block html</div>',
  '',
  '<iframe src="javascript:alert(29)"></iframe> <style>body{display:none}</style>',
  '',
  '&lt;script&gt;alert(30)&lt;/script&gt; &#x3C;img src=x onerror=alert(31)&#x3E; a &amp; b',
  '',
  '[safe](https://example.com/"><script>alert(32)</script>) <https://example.com/?a=1&b=<x>>',
].join('\n');

export const BIO = [
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(33)>',
  '',
  '[me](javascript:alert(34)) and "quoted" \'single\' `back`',
].join('\n');

export const BIO2 = '<body onload=alert(35)> <meta http-equiv="refresh" content="0;url=javascript:alert(36)">';

export const XSS_PAGE = `top of page


${SCRIPT_TITLE}

${IMG_SPEAKER}, ${SVG_SPEAKER}

${SCRIPT_TRACK}, Beginner

Description: ${DESCRIPTION}

Abstract: ${ABSTRACT}

Bio: ${BIO}

Bio2: ${BIO2}


${ATTRIBUTE_TITLE}

${QUOTE_SPEAKER}

${QUOTE_TRACK}, Intermediate

Description: ${DESCRIPTION}

Abstract: ${ABSTRACT}

Bio: ${BIO}


${TITLE_BREAKER}

${IMG_SPEAKER}

${SCRIPT_TRACK}, Advanced

Description: ${DESCRIPTION}

Abstract: ${ABSTRACT}

bottom of page
`;
