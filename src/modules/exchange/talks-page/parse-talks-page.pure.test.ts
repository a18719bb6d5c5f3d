import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../shared/markdown.js';
import { SEED_LINES, SEED_TEXT, seedLines, seedWith } from '../../../../test/fixtures/talks-page.js';
import { parseTalksPage, TalksPageError, type ParsedTalksPage } from './parse-talks-page.js';
import { withoutKinds } from '../../../../test/helpers/warnings.js';

const seed = parseTalksPage(SEED_TEXT);

function talk(page: ParsedTalksPage, titleStart: string) {
  const found = page.talks.filter((t) => t.title.startsWith(titleStart));
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** The error parsing `input` throws, which must be a TalksPageError. */
function refusal(input: string | Uint8Array): { line: number; message: string } {
  try {
    parseTalksPage(input);
  } catch (error) {
    expect(error).toBeInstanceOf(TalksPageError);
    const { line, message, problem } = error as TalksPageError;
    expect(message).toBe(line > 0 ? `line ${line}: ${problem}` : problem);
    return { line, message };
  }
  throw new Error('expected the page to be refused');
}

describe('parseTalksPage on the PyBay 2016 page', () => {
  it('reads 38 talks in page order with their line, title, speakers, track and level', () => {
    expect(seed.talks.map((t) => [t.line, t.title, t.speakers.map((s) => s.name), t.track, t.level])).toEqual([
      [5, 'Python 103: Memory Model & Best Practices', ['Wesley Chun'], 'Language Internals', 'Intermediate'],
      [18, 'Flask for Fun and Profit', ['Armin Ronacher'], 'All things Web', 'Intermediate'],
      [33, 'What to do when your data is large, but not big', ['Dillon Niederhut'], 'Scalable Python', 'Intermediate'],
      [46, 'Python tracing superpowers with systems tools', ['Eben Freeman'], 'Performant Python', 'Intermediate'],
      [63, 'Automating Your Browser and Desktop Apps', ['Al Sweigart'], 'All things Web', 'Beginner'],
      [82, 'Django, Channels, and Distributed Systems', ['Andrew Godwin'], 'All things Web', 'Intermediate'],
      [
        99,
        'Interactive Data Visualization Applications for the Browser with Bokeh',
        ['Bryan Van de Ven'],
        '/etc',
        'Intermediate',
      ],
      [122, 'The Python Deployment Albatross', ['Cindy Sridharan'], 'Fundamentals', 'Intermediate'],
      [141, 'A Practical Introduction to Airflow', ['Matt Davis'], 'Dealing with Data', 'Intermediate'],
      [
        156,
        'Python Profiling and Performance: Elementary to Enterprise',
        ['Mahmoud Hashemi'],
        'Performant Python',
        'Intermediate',
      ],
      [
        171,
        'Caffe + Jupyter + Pandas It’s not rocket science, well sorta.',
        ['Katherine Scott'],
        'Dealing with Data',
        'Intermediate',
      ],
      [184, 'Project Jupyter', ['Jamie Whitacre'], 'Dealing with Data', 'Intermediate'],
      [
        201,
        "Explore Git internals using Python | Let's write `git log` in Python",
        ['Glen Jarvis'],
        '/etc',
        'Intermediate',
      ],
      [218, '"Good Enough" IS Good Enough!', ['Alex Martelli'], 'Fundamentals', 'Intermediate'],
      [239, 'Beautiful Documentation Oriented Programming', ['Daniel Mizyrycki'], 'Fundamentals', 'Beginner'],
      [256, 'Self-Healing Systems: The Road to 99.99% Uptime', ['William Ting'], 'Scalable Python', 'Intermediate'],
      [
        271,
        'Exploring complex data with Elasticsearch and Python',
        ['Simon Willison'],
        'Dealing with Data',
        'Intermediate',
      ],
      [282, 'The Tower of Abstraction', ['Alex Martelli'], 'Fundamentals', 'Intermediate'],
      [291, 'Image processing using Python', ['Ravi Chityala'], 'Dealing with Data', 'Intermediate'],
      [306, 'A/B Testing: Harder than just a color change', ['Or Weizman'], 'All things Web', 'Intermediate'],
      [
        323,
        'Behind Closed Doors: Managing Passwords in a Dangerous World',
        ['Noah Kantrowitz'],
        'Security',
        'Intermediate',
      ],
      [
        334,
        'Caravel - A data visualization, exploration and dashboarding platform',
        ['Maxime Beauchemin'],
        'Dealing with Data',
        'Intermediate',
      ],
      [356, 'Xonsh – put some Python in your Shell.', ['Matthias Bussonnier'], '/etc', 'Intermediate'],
      [
        391,
        'Safe-ish By Default: The Django Security Model and How to Make it Better',
        ['Philip James'],
        'Security',
        'Intermediate',
      ],
      [421, 'Introduction to HTTPS: A Comedy of Errors', ['Ashwini Oruganti'], 'Security', 'Beginner'],
      [436, 'TensorFlow on the Web', ['Kendall Chuang', 'David Clark'], 'All things Web', 'Intermediate'],
      [
        451,
        'Unspeakably Evil Hacks in Service of Marginally Improved Syntax: "Compile-Time" Python Programming',
        ['Scott Sanderson'],
        'Language Internals',
        'Intermediate',
      ],
      [
        469,
        'Building a Tic-Tac-Toe Two-Player Game using Tornado over Websockets',
        ['Ramesh Sampath'],
        'All things Web',
        'Beginner',
      ],
      [484, 'Untitled talk', [], 'Fundamentals', 'Intermediate'],
      [494, 'A Guide to Bad Programming', ['Paul Bailey'], '/etc', 'Advanced'],
      [507, 'Log Visualization for dummies', ['Varang Amin', 'Darlene Wong'], 'Dealing with Data', 'Beginner'],
      [
        527,
        'Pants, or How I Learned to Stop Worrying and Love Builds',
        ['Moshe Zadka'],
        'Scalable Python',
        'Intermediate',
      ],
      [541, 'REST Websockets API with Django Channels', ['Sam Bolgert'], 'All things Web', 'Intermediate'],
      [
        554,
        'Data in a dynamic system: Strategies for backwards compatibility',
        ['Trisha Kothari'],
        'Dealing with Data',
        'Intermediate',
      ],
      [567, 'One Pykid at a time', ['Meenal Pant'], '/etc', 'Beginner'],
      [
        589,
        'Make sense of Deep Neural Networks using TensorBoard',
        ['Arpan Chakraborty'],
        'Dealing with Data',
        'Intermediate',
      ],
      [602, 'Deep Dive into Principal Components Analysis', ['Rumman Chowdhury'], 'Dealing with Data', 'Intermediate'],
      [
        615,
        'Turnkey Distributed Tracing: OpenTracing and Python',
        ['Ben Sigelman'],
        'Performant Python',
        'Intermediate',
      ],
    ]);
  });

  it('names 38 distinct speakers, Alex Martelli once for his two talks', () => {
    const names = seed.talks.flatMap((t) => t.speakers.map((s) => s.name));
    expect(names).toHaveLength(39);
    expect(new Set(names).size).toBe(38);
    expect(seed.talks.filter((t) => t.speakers.some((s) => s.name === 'Alex Martelli')).map((t) => t.title)).toEqual([
      '"Good Enough" IS Good Enough!',
      'The Tower of Abstraction',
    ]);
  });

  it('finds 8 tracks in order of first appearance and all 3 levels', () => {
    expect([...new Set(seed.talks.map((t) => t.track))]).toEqual([
      'Language Internals',
      'All things Web',
      'Scalable Python',
      'Performant Python',
      '/etc',
      'Fundamentals',
      'Dealing with Data',
      'Security',
    ]);
    expect([...new Set(seed.talks.map((t) => t.level))].sort()).toEqual(['Advanced', 'Beginner', 'Intermediate']);
  });

  it('keeps the talk with no title and no speakers as "Untitled talk", flagged, at its line', () => {
    expect(talk(seed, 'Untitled')).toEqual({
      line: 484,
      title: 'Untitled talk',
      titleMissing: true,
      speakers: [],
      track: 'Fundamentals',
      level: 'Intermediate',
      description:
        'We talk about magic tongue-in-cheek and often with a negative connotation.  This talk will look to clearly define magic and answer the question of "when is magic harmful?"',
      abstract:
        'This talk will look into some libraries we use (and love!) and the magic that powers them.\n\n' +
        'We will look at how things like namedtuple, Django models, and the Flask request object are implemented. We will look at how each of these libraries encapsulates complexity. At the end of the talk (hopefully) we will understand more about the internals of these libraries and have new tools to gauge if magic should be considered harmful for yourself.',
      attention: ['missing title', 'missing speakers'],
    });
    expect(seed.talks.filter((t) => t.attention.length > 0)).toHaveLength(1);
  });

  it('gives Bio to the first speaker and Bio2 to the second on both two-speaker talks', () => {
    expect(talk(seed, 'Log Visualization').speakers).toEqual([
      {
        name: 'Varang Amin',
        biography:
          'Varang Amin is working as a Sr Staff Engineer at Palo Alto Networks. Darlene Wong is working as a Sr Staff Engineer at Palo Alto Networks.',
        line: 522,
      },
      {
        name: 'Darlene Wong',
        biography:
          'Darlene Wong is working as a Sr Staff Engineer at Palo Alto Networks. Before PAN, she worked in development role at Juniper Networks & Cisco Systems.',
        line: 524,
      },
    ]);
    expect(talk(seed, 'TensorFlow on the Web').speakers).toEqual([
      {
        name: 'Kendall Chuang',
        biography:
          'Kendall is a lead software engineer at YesGraph, where he uses machine learning and Flask to power better invite flows for mobile and web apps. Previously he worked as an independent software consultant for four years, and before that he was a hardware designer at Qualcomm in San Diego for three years. Kendall was an an organizer of the San Diego Python Users Group, where he helped plan six one-day workshops on various Python topics.',
        line: 446,
      },
      {
        name: 'David Clark',
        biography:
          'David Clark has a background in astrophysics, where he used Python extensively to analyze astronomical data. He recently transitioned careers to data science. Currently he is doing consulting for two startups. At Palo Alto Scientific, Inc., he uses the machine learning library TensorFlow to model sensor data from a wearable and infer a runner’s performance. He is also doing work for Quantea, Inc., making a dashboard using the Python libraries Bokeh and Pandas.',
        line: 448,
      },
    ]);
  });

  it('splits a speakers line joined by a comma and a no-break space', () => {
    expect(SEED_LINES[508]).toBe('Varang Amin,\u00a0Darlene Wong');
    expect(talk(seed, 'Log Visualization').speakers.map((s) => s.name)).toEqual(['Varang Amin', 'Darlene Wong']);
    expect(
      parseTalksPage(
        'Talk\n\nAnn Lee\u00a0,\u00a0\u00a0Bob Stone\n\nWeb, Beginner\n\nBio: A\n\nBio2: B',
      ).talks[0]!.speakers.map((s) => s.name),
    ).toEqual(['Ann Lee', 'Bob Stone']);
  });

  it('keeps description and abstract apart, paragraph by paragraph', () => {
    expect(talk(seed, 'Flask for Fun')).toEqual({
      line: 18,
      title: 'Flask for Fun and Profit',
      titleMissing: false,
      speakers: [
        {
          name: 'Armin Ronacher',
          biography:
            'Armin Ronacher is a Python developer, creator of the Flask framework and many popular Python libraries like Jinja, Werkzeug, MarkupSafe and others.  He loves to create and design large systems and APIs.  He is currently an independent software developer who works on Lektor, computer game infrastructure and the Sentry project residing in Vienna, Austria together with his wife and little boy.',
          line: 30,
        },
      ],
      track: 'All things Web',
      level: 'Intermediate',
      description: 'Learn about building small and large projects with Flask in ways you probably did not see yet.',
      abstract:
        'This talk explores how you can build applications and APIs with Flask step by step by being easy to test and scale to larger and more complex scenarios.\n\n' +
        'The talk will also go a bit into the history of some design decisions in Flask and what works well and in which areas you might want to mix it with other technologies for better results.',
      attention: [],
    });
    // A description followed by two blank lines still ends where the abstract starts.
    expect(talk(seed, 'Log Visualization').description).toBe(
      'During this talk the attendees will have an opportunity to use the ELK(Elasticsearch, Logstash, Kibana) stack to visualize their complex log data.',
    );
  });

  it('keeps the Caravel abstract\'s "* " list as Markdown that renders as a list', () => {
    const abstract = talk(seed, 'Caravel').abstract;
    expect(abstract.split('\n')).toEqual([
      'Topics include:',
      '* Intuitively visualizing datasets while filtering, pivoting, and changing views',
      '* Creating and sharing simple dashboards',
      "* Caravel's rich set of visualizations",
      "* Caravel's extensible, high-granularity security/permission model allowing intricate rules on who can access individual features and the dataset",
      "* Caravel's enterprise-ready authentication with integration with major authentication providers (database, OpenID, LDAP, OAuth, and REMOTE_USER through Flask AppBuilder)",
      "* Caravel's simple semantic layer, allowing users to control how data sources are displayed in the UI by defining which fields should show up in which drop-down and which aggregation and function metrics are made available to the user",
      '* Caravel’s deep integration with Druid',
      '* Caravel’s integration with most RDBMS through SQLAlchemy',
      '* How Javascript/Node/D3/React can cohabit and work well along with Python/Pypi/Flask',
    ]);
    const html = renderMarkdown(abstract);
    expect(html.startsWith('<p>Topics include:</p>\n<ul>\n<li>Intuitively visualizing datasets')).toBe(true);
    expect(html.match(/<li>/g)).toHaveLength(9);
    expect(
      html.endsWith(
        '<li>How Javascript/Node/D3/React can cohabit and work well along with Python/Pypi/Flask</li>\n</ul>\n',
      ),
    ).toBe(true);
  });

  it('keeps the "One Pykid" abstract\'s paragraphs and "- " list as Markdown that renders as a list', () => {
    const abstract = talk(seed, 'One Pykid').abstract;
    expect(abstract.split('\n\n').map((paragraph) => paragraph.slice(0, 40))).toEqual([
      'Python is a language that makes learning',
      'The pykids set up today includes the fol',
      'All a student needs is a laptop and an i',
    ]);
    expect(renderMarkdown(abstract.split('\n\n')[1]!)).toBe(
      '<p>The pykids set up today includes the following:</p>\n<ul>\n' +
        '<li>A blog/website where students/instructors register and share ideas</li>\n' +
        '<li>A jupyter server that allows running notebooks on the fly</li>\n' +
        '<li>Downloadable Notebooks created for K3-High School students (WIP)</li>\n' +
        '<li>Teaching material for K-3 students</li>\n' +
        '<li>Volunteers</li>\n</ul>\n',
    );
  });

  it('leaves the abstract empty on the 3 talks without one and the bio empty where a talk has none', () => {
    expect(seed.talks.filter((t) => t.abstract === '').map((t) => t.title)).toEqual([
      'Exploring complex data with Elasticsearch and Python',
      'The Tower of Abstraction',
      'Behind Closed Doors: Managing Passwords in a Dangerous World',
    ]);
    expect(seed.talks.filter((t) => t.description === '')).toEqual([]);
    const withoutBio = seed.talks.flatMap((t) =>
      t.speakers.filter((s) => s.biography === '').map((s) => [t.title, s.name]),
    );
    expect(withoutBio).toEqual([['The Tower of Abstraction', 'Alex Martelli']]);
  });

  it('drops the page chrome around the talks', () => {
    const text = JSON.stringify(seed.talks);
    for (const chrome of [
      'top of page',
      'PyBay Talks',
      'Please reload',
      'Meetup_square',
      'Black Facebook Icon',
      'bottom of page',
    ]) {
      expect(text).not.toContain(chrome);
    }
    expect(
      talk(seed, 'Turnkey').speakers[0]!.biography.endsWith(
        'Monarch, Google’s fleet-wide timeseries collection, storage, analysis, and alerting system.',
      ),
    ).toBe(true);
  });

  it('reports every warning with its line: stripped links, missing abstracts, the untitled talk', () => {
    expect(seed.warnings.map((w) => [w.line, w.message])).toEqual([
      [15, 'bio of "Python 103: Memory Model & Best Practices": link text whose address was stripped: "Django ("'],
      [
        77,
        'abstract of "Automating Your Browser and Desktop Apps": a paragraph ends where a link\'s address was stripped: "…n book freely available under a Creative Commons license at"',
      ],
      [
        105,
        'description of "Interactive Data Visualization Applications for the Browser with Bokeh": link text whose address was stripped: "Bokeh ("',
      ],
      [
        107,
        'abstract of "Interactive Data Visualization Applications for the Browser with Bokeh": link text whose address was stripped: "library ("',
      ],
      [
        107,
        'abstract of "Interactive Data Visualization Applications for the Browser with Bokeh": link text whose address was stripped: "GitHub ("',
      ],
      [271, 'talk "Exploring complex data with Elasticsearch and Python" has no abstract'],
      [282, 'talk "The Tower of Abstraction" has no abstract'],
      [323, 'talk "Behind Closed Doors: Managing Passwords in a Dangerous World" has no abstract'],
      [
        386,
        'abstract of "Xonsh – put some Python in your Shell.": a paragraph ends where a link\'s address was stripped: "The xonsh homepage is at"',
      ],
      [
        462,
        'abstract of "Unspeakably Evil Hacks in Service of Marginally Improved Syntax: "Compile-Time" Python Programming": link text whose address was stripped: "Rewriting ("',
      ],
      [
        463,
        'abstract of "Unspeakably Evil Hacks in Service of Marginally Improved Syntax: "Compile-Time" Python Programming": link text whose address was stripped: "Encodings ("',
      ],
      [
        464,
        'abstract of "Unspeakably Evil Hacks in Service of Marginally Improved Syntax: "Compile-Time" Python Programming": link text whose address was stripped: "Hooks ("',
      ],
      [
        477,
        'abstract of "Building a Tic-Tac-Toe Two-Player Game using Tornado over Websockets": link text whose address was stripped: "framework ("',
      ],
      [484, 'talk with no title (track "Fundamentals"): imported as "Untitled talk" and marked as needing attention'],
      [484, 'talk "Untitled talk" has no speakers line; marked as needing attention'],
      [504, 'bio of "A Guide to Bad Programming": link text whose address was stripped: "Drive ("'],
    ]);
  });

  it('reads the same page from UTF-8 bytes, with a byte order mark, and with CRLF or CR line ends', () => {
    const bytes = Buffer.from(SEED_TEXT, 'utf8');
    expect(parseTalksPage(bytes)).toEqual(seed);
    expect(parseTalksPage(`\uFEFF${SEED_TEXT}`)).toEqual(seed);
    expect(parseTalksPage(Buffer.from(`\uFEFF${SEED_TEXT}`, 'utf8'))).toEqual(seed);
    expect(parseTalksPage(SEED_TEXT.replace(/\n/g, '\r\n'))).toEqual(seed);
    expect(parseTalksPage(SEED_TEXT.replace(/\n/g, '\r'))).toEqual(seed);
  });
});

describe('parseTalksPage on pages that are not quite right', () => {
  it('reads a lone line of names above the track line as the speakers when the talk has a bio', () => {
    const page = parseTalksPage(seedLines(1, 31).replace('Flask for Fun and Profit', ''));
    expect(talk(page, 'Untitled').speakers.map((s) => s.name)).toEqual(['Armin Ronacher']);
    expect(talk(page, 'Untitled').attention).toEqual(['missing title']);
    expect(page.warnings.filter((w) => w.line === 20).map((w) => w.message)).toEqual([
      'talk with no title (track "All things Web"): imported as "Untitled talk" and marked as needing attention',
    ]);
  });

  it('reads a lone line above the track line as the title when the talk has no bio', () => {
    const page = parseTalksPage(seedLines(1, 29).replace('Armin Ronacher', ''));
    expect(talk(page, 'Flask').speakers).toEqual([]);
    expect(talk(page, 'Flask').attention).toEqual(['missing speakers']);
  });

  it('treats the same name spaced differently as one speaker across talks, and in another case as another person', () => {
    const spaced = parseTalksPage(seedWith({ 284: 'Alex  Martelli' }));
    expect(talk(spaced, 'The Tower').speakers.map((s) => s.name)).toEqual(['Alex Martelli']);
    expect(spaced.warnings.filter((w) => w.message.includes('Martelli'))).toEqual([]);
    // "ALEX MARTELLI" is not known to be Alex Martelli: a page has no ids, and case is no proof.
    const shouted = parseTalksPage(seedWith({ 284: 'ALEX MARTELLI' }));
    expect(withoutKinds(shouted.warnings.filter((w) => w.message.includes('MARTELLI')))).toEqual([
      { line: 282, message: 'no bio for ALEX MARTELLI (talk "The Tower of Abstraction")' },
    ]);
  });

  it('warns when one speaker has different bios on different talks, keeping the first', () => {
    const page = parseTalksPage(seedWith({ 289: '\nBio: Alex, again.\n' }));
    expect(withoutKinds(page.warnings.filter((w) => w.message.includes('Martelli')))).toEqual([
      { line: 236, message: 'Alex Martelli has different bios on different talks; keeping the first one (line 236)' },
    ]);
  });

  it('warns about a speaker with no bio on any talk', () => {
    const page = parseTalksPage(seedLines(17, 29));
    expect(withoutKinds(page.warnings)).toEqual([
      { line: 2, message: 'no bio for Armin Ronacher (talk "Flask for Fun and Profit")' },
    ]);
  });
});

describe('parseTalksPage refusing a page, naming the line and the problem', () => {
  it('refuses "Description:" before any talk', () => {
    expect(refusal(seedWith({ 3: 'Description: Welcome to PyBay' }))).toEqual({
      line: 3,
      message:
        'line 3: "Description:" comes before any talk; a talk starts with its title, its speakers and a "Track, Level" line such as "Fundamentals, Beginner"',
    });
  });

  it('refuses an unknown level on the line that has it, on the first talk or a later one', () => {
    expect(refusal(seedWith({ 22: 'All things Web, Expert' }))).toEqual({
      line: 22,
      message:
        'line 22: "All things Web, Expert" looks like a talk\'s "Track, Level" line, but "Expert" is not a level; use Beginner, Intermediate or Advanced',
    });
    expect(refusal(seedWith({ 9: 'Language Internals, Expert' }))).toEqual({
      line: 9,
      message:
        'line 9: "Language Internals, Expert" looks like a talk\'s "Track, Level" line, but "Expert" is not a level; use Beginner, Intermediate or Advanced',
    });
  });

  it('refuses a track line that is not a paragraph of its own', () => {
    expect(refusal(seedWith({ 21: '' }).replace('Armin Ronacher\n\n', 'Armin Ronacher\n'))).toEqual({
      line: 21,
      message:
        'line 21: the track line "All things Web, Intermediate" must be a paragraph of its own, with a blank line above and below it',
    });
    expect(refusal(seedWith({ 620: 'Bio: Ben Sigelman.' }))).toEqual({
      line: 619,
      message:
        'line 619: the track line "Performant Python, Intermediate" must be a paragraph of its own, with a blank line above and below it',
    });
  });

  it('refuses a second "Abstract:" in one talk, naming both lines', () => {
    expect(refusal(seedWith({ 28: 'Abstract: Once more.' }))).toEqual({
      line: 28,
      message:
        'line 28: a second "Abstract:" in the talk "Flask for Fun and Profit" (line 18), whose "Abstract:" is on line 26',
    });
  });

  it('refuses a second "Description:" where a talk\'s header is missing', () => {
    expect(refusal(seedWith({ 28: 'Description: Another talk?' }))).toEqual({
      line: 28,
      message:
        'line 28: a second "Description:" in the talk "Flask for Fun and Profit" (line 18), whose "Description:" is on line 24; if a new talk starts here, it needs its title, its speakers and a "Track, Level" line such as "Fundamentals, Beginner" above it',
    });
  });

  it('refuses "Bio2:" on a talk with one speaker', () => {
    expect(refusal(seedWith({ 28: 'Bio2: Someone else.' }))).toEqual({
      line: 28,
      message:
        'line 28: "Bio2:" is a bio for speaker 2, but the talk "Flask for Fun and Profit" (line 18) lists only 1 speaker',
    });
  });

  it('refuses "Bio:" on a titled talk with no speakers line', () => {
    expect(refusal(seedLines(17, 31).replace('Armin Ronacher', ''))).toEqual({
      line: 14,
      message:
        'line 14: "Bio:" is a bio for speaker 1, but the talk "Flask for Fun and Profit" (line 2) has no speakers line; a talk starts, after two blank lines, with its title and its speakers, each a line of its own, one blank line apart, above its "Track, Level" line',
    });
  });

  it("refuses text between a track line and the talk's first field", () => {
    expect(refusal(seedWith({ 24: 'Learn about building small and large projects with Flask.' }))).toEqual({
      line: 24,
      message:
        'line 24: "Learn about building small and large projects with Flask." is not a talk field; after "All things Web, Intermediate" (line 22) expected "Description:", "Abstract:" or "Bio:"',
    });
  });

  it('refuses a speaker listed twice on one talk, however the name is spaced or encoded', () => {
    expect(refusal(seedWith({ 438: 'Kendall Chuang, Kendall  Chuang' }))).toEqual({
      line: 438,
      message: 'line 438: the speaker "Kendall Chuang" is listed twice on one talk',
    });
    expect(refusal(seedWith({ 438: 'Kendall Chuang, \uFF2Bendall Chuang' })).line).toBe(438);
  });

  it('refuses a NUL, a control character and a lone surrogate', () => {
    expect(refusal(seedWith({ 24: `${SEED_LINES[23]}\u0000` }))).toEqual({
      line: 24,
      message:
        'line 24: contains a NUL character (U+0000): this is a binary file, or text saved as UTF-16; save the page as UTF-8 text',
    });
    expect(refusal(seedWith({ 26: `Abstract: \u0007ding` }))).toEqual({
      line: 26,
      message: 'line 26: contains the control character U+0007; this does not look like a text file',
    });
    expect(refusal(seedWith({ 30: 'Bio: \uD800' }))).toEqual({
      line: 30,
      message: 'line 30: contains a lone surrogate (U+D800), which is not text',
    });
  });

  it('refuses bytes that are not UTF-8, naming the line, whatever the line ends', () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const page = seedWith({ 30: 'Bio: Armin Ronacher lives in Wien, Österreich.' });
    const expected = {
      line: 30,
      message: 'line 30: this line is not UTF-8 text; save the page as UTF-8 and import it again',
    };
    expect(refusal(latin1(page))).toEqual(expected);
    expect(refusal(latin1(page.replace(/\n/g, '\r\n')))).toEqual(expected);
    expect(refusal(latin1(page.replace(/\n/g, '\r')))).toEqual(expected);
    expect(refusal(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toEqual({
      line: 1,
      message: 'line 1: this line is not UTF-8 text; save the page as UTF-8 and import it again',
    });
  });

  it('refuses a page with no talks', () => {
    const noTalks = {
      line: 0,
      message:
        'no talks found: a talk needs a "Track, Level" line such as "All things Web, Intermediate" (levels: Beginner, Intermediate, Advanced)',
    };
    expect(refusal('')).toEqual(noTalks);
    expect(refusal(seedLines(1, 8))).toEqual(noTalks);
    expect(refusal('top of page\n\nPyBay Talks\n\nA title\n\nA Speaker\n\nbottom of page\n')).toEqual(noTalks);
  });

  it('refuses a talk with more text than can be searched', () => {
    expect(refusal(seedLines(1, 15).replace('Description: ', `Description: ${'word '.repeat(20_000)}`))).toEqual({
      line: 5,
      message:
        'line 5: the talk "Python 103: Memory Model & Best Practices" has 101972 characters of text; at most 100000 are allowed (is a talk\'s title or track line missing?)',
    });
  });

  it('refuses more than 20 speakers on one talk', () => {
    const names = Array.from({ length: 21 }, (_, i) => `Speaker ${String.fromCharCode(65 + i)}`).join(', ');
    expect(refusal(seedWith({ 20: names }))).toEqual({
      line: 20,
      message: 'line 20: 21 speakers on one talk; at most 20 are allowed',
    });
  });
});
