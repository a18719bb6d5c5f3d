/**
 * What the PyBay 2016 sample is, once imported: the facts every route test checks against,
 * checked line by line against samples/pybay-2016-talks.txt, so that a regression anywhere
 * (importer, snapshot, page or API) shows up as a difference here.
 */

/** slug, title, track slug, level slug, speaker slugs: in program (page) order. */
export type ProgramRow = [slug: string, title: string, track: string, level: string, speakers: string[]];

export const PROGRAM: ProgramRow[] = [
  [
    'python-103-memory-model-best-practices',
    'Python 103: Memory Model & Best Practices',
    'language-internals',
    'intermediate',
    ['wesley-chun'],
  ],
  ['flask-for-fun-and-profit', 'Flask for Fun and Profit', 'all-things-web', 'intermediate', ['armin-ronacher']],
  [
    'what-to-do-when-your-data-is-large-but-not-big',
    'What to do when your data is large, but not big',
    'scalable-python',
    'intermediate',
    ['dillon-niederhut'],
  ],
  [
    'python-tracing-superpowers-with-systems-tools',
    'Python tracing superpowers with systems tools',
    'performant-python',
    'intermediate',
    ['eben-freeman'],
  ],
  [
    'automating-your-browser-and-desktop-apps',
    'Automating Your Browser and Desktop Apps',
    'all-things-web',
    'beginner',
    ['al-sweigart'],
  ],
  [
    'django-channels-and-distributed-systems',
    'Django, Channels, and Distributed Systems',
    'all-things-web',
    'intermediate',
    ['andrew-godwin'],
  ],
  [
    'interactive-data-visualization-applications-for-the-browser-with-bokeh',
    'Interactive Data Visualization Applications for the Browser with Bokeh',
    'etc',
    'intermediate',
    ['bryan-van-de-ven'],
  ],
  [
    'the-python-deployment-albatross',
    'The Python Deployment Albatross',
    'fundamentals',
    'intermediate',
    ['cindy-sridharan'],
  ],
  [
    'a-practical-introduction-to-airflow',
    'A Practical Introduction to Airflow',
    'dealing-with-data',
    'intermediate',
    ['matt-davis'],
  ],
  [
    'python-profiling-and-performance-elementary-to-enterprise',
    'Python Profiling and Performance: Elementary to Enterprise',
    'performant-python',
    'intermediate',
    ['mahmoud-hashemi'],
  ],
  [
    'caffe-jupyter-pandas-its-not-rocket-science-well-sorta',
    'Caffe + Jupyter + Pandas It’s not rocket science, well sorta.',
    'dealing-with-data',
    'intermediate',
    ['katherine-scott'],
  ],
  ['project-jupyter', 'Project Jupyter', 'dealing-with-data', 'intermediate', ['jamie-whitacre']],
  [
    'explore-git-internals-using-python-lets-write-git-log-in-python',
    "Explore Git internals using Python | Let's write `git log` in Python",
    'etc',
    'intermediate',
    ['glen-jarvis'],
  ],
  ['good-enough-is-good-enough', '"Good Enough" IS Good Enough!', 'fundamentals', 'intermediate', ['alex-martelli']],
  [
    'beautiful-documentation-oriented-programming',
    'Beautiful Documentation Oriented Programming',
    'fundamentals',
    'beginner',
    ['daniel-mizyrycki'],
  ],
  [
    'self-healing-systems-the-road-to-99-99-uptime',
    'Self-Healing Systems: The Road to 99.99% Uptime',
    'scalable-python',
    'intermediate',
    ['william-ting'],
  ],
  [
    'exploring-complex-data-with-elasticsearch-and-python',
    'Exploring complex data with Elasticsearch and Python',
    'dealing-with-data',
    'intermediate',
    ['simon-willison'],
  ],
  ['the-tower-of-abstraction', 'The Tower of Abstraction', 'fundamentals', 'intermediate', ['alex-martelli']],
  [
    'image-processing-using-python',
    'Image processing using Python',
    'dealing-with-data',
    'intermediate',
    ['ravi-chityala'],
  ],
  [
    'a-b-testing-harder-than-just-a-color-change',
    'A/B Testing: Harder than just a color change',
    'all-things-web',
    'intermediate',
    ['or-weizman'],
  ],
  [
    'behind-closed-doors-managing-passwords-in-a-dangerous-world',
    'Behind Closed Doors: Managing Passwords in a Dangerous World',
    'security',
    'intermediate',
    ['noah-kantrowitz'],
  ],
  [
    'caravel-a-data-visualization-exploration-and-dashboarding-platform',
    'Caravel - A data visualization, exploration and dashboarding platform',
    'dealing-with-data',
    'intermediate',
    ['maxime-beauchemin'],
  ],
  [
    'xonsh-put-some-python-in-your-shell',
    'Xonsh – put some Python in your Shell.',
    'etc',
    'intermediate',
    ['matthias-bussonnier'],
  ],
  [
    'safe-ish-by-default-the-django-security-model-and-how-to-make-it-better',
    'Safe-ish By Default: The Django Security Model and How to Make it Better',
    'security',
    'intermediate',
    ['philip-james'],
  ],
  [
    'introduction-to-https-a-comedy-of-errors',
    'Introduction to HTTPS: A Comedy of Errors',
    'security',
    'beginner',
    ['ashwini-oruganti'],
  ],
  [
    'tensorflow-on-the-web',
    'TensorFlow on the Web',
    'all-things-web',
    'intermediate',
    ['kendall-chuang', 'david-clark'],
  ],
  [
    'unspeakably-evil-hacks-in-service-of-marginally-improved-syntax-compile-time',
    'Unspeakably Evil Hacks in Service of Marginally Improved Syntax: "Compile-Time" Python Programming',
    'language-internals',
    'intermediate',
    ['scott-sanderson'],
  ],
  [
    'building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets',
    'Building a Tic-Tac-Toe Two-Player Game using Tornado over Websockets',
    'all-things-web',
    'beginner',
    ['ramesh-sampath'],
  ],
  ['untitled-talk', 'Untitled talk', 'fundamentals', 'intermediate', []],
  ['a-guide-to-bad-programming', 'A Guide to Bad Programming', 'etc', 'advanced', ['paul-bailey']],
  [
    'log-visualization-for-dummies',
    'Log Visualization for dummies',
    'dealing-with-data',
    'beginner',
    ['varang-amin', 'darlene-wong'],
  ],
  [
    'pants-or-how-i-learned-to-stop-worrying-and-love-builds',
    'Pants, or How I Learned to Stop Worrying and Love Builds',
    'scalable-python',
    'intermediate',
    ['moshe-zadka'],
  ],
  [
    'rest-websockets-api-with-django-channels',
    'REST Websockets API with Django Channels',
    'all-things-web',
    'intermediate',
    ['sam-bolgert'],
  ],
  [
    'data-in-a-dynamic-system-strategies-for-backwards-compatibility',
    'Data in a dynamic system: Strategies for backwards compatibility',
    'dealing-with-data',
    'intermediate',
    ['trisha-kothari'],
  ],
  ['one-pykid-at-a-time', 'One Pykid at a time', 'etc', 'beginner', ['meenal-pant']],
  [
    'make-sense-of-deep-neural-networks-using-tensorboard',
    'Make sense of Deep Neural Networks using TensorBoard',
    'dealing-with-data',
    'intermediate',
    ['arpan-chakraborty'],
  ],
  [
    'deep-dive-into-principal-components-analysis',
    'Deep Dive into Principal Components Analysis',
    'dealing-with-data',
    'intermediate',
    ['rumman-chowdhury'],
  ],
  [
    'turnkey-distributed-tracing-opentracing-and-python',
    'Turnkey Distributed Tracing: OpenTracing and Python',
    'performant-python',
    'intermediate',
    ['ben-sigelman'],
  ],
];

/** slug, name, talk slugs: alphabetical by name. */
export const SPEAKERS: [slug: string, name: string, talks: string[]][] = [
  ['al-sweigart', 'Al Sweigart', ['automating-your-browser-and-desktop-apps']],
  ['alex-martelli', 'Alex Martelli', ['good-enough-is-good-enough', 'the-tower-of-abstraction']],
  ['andrew-godwin', 'Andrew Godwin', ['django-channels-and-distributed-systems']],
  ['armin-ronacher', 'Armin Ronacher', ['flask-for-fun-and-profit']],
  ['arpan-chakraborty', 'Arpan Chakraborty', ['make-sense-of-deep-neural-networks-using-tensorboard']],
  ['ashwini-oruganti', 'Ashwini Oruganti', ['introduction-to-https-a-comedy-of-errors']],
  ['ben-sigelman', 'Ben Sigelman', ['turnkey-distributed-tracing-opentracing-and-python']],
  ['bryan-van-de-ven', 'Bryan Van de Ven', ['interactive-data-visualization-applications-for-the-browser-with-bokeh']],
  ['cindy-sridharan', 'Cindy Sridharan', ['the-python-deployment-albatross']],
  ['daniel-mizyrycki', 'Daniel Mizyrycki', ['beautiful-documentation-oriented-programming']],
  ['darlene-wong', 'Darlene Wong', ['log-visualization-for-dummies']],
  ['david-clark', 'David Clark', ['tensorflow-on-the-web']],
  ['dillon-niederhut', 'Dillon Niederhut', ['what-to-do-when-your-data-is-large-but-not-big']],
  ['eben-freeman', 'Eben Freeman', ['python-tracing-superpowers-with-systems-tools']],
  ['glen-jarvis', 'Glen Jarvis', ['explore-git-internals-using-python-lets-write-git-log-in-python']],
  ['jamie-whitacre', 'Jamie Whitacre', ['project-jupyter']],
  ['katherine-scott', 'Katherine Scott', ['caffe-jupyter-pandas-its-not-rocket-science-well-sorta']],
  ['kendall-chuang', 'Kendall Chuang', ['tensorflow-on-the-web']],
  ['mahmoud-hashemi', 'Mahmoud Hashemi', ['python-profiling-and-performance-elementary-to-enterprise']],
  ['matt-davis', 'Matt Davis', ['a-practical-introduction-to-airflow']],
  ['matthias-bussonnier', 'Matthias Bussonnier', ['xonsh-put-some-python-in-your-shell']],
  ['maxime-beauchemin', 'Maxime Beauchemin', ['caravel-a-data-visualization-exploration-and-dashboarding-platform']],
  ['meenal-pant', 'Meenal Pant', ['one-pykid-at-a-time']],
  ['moshe-zadka', 'Moshe Zadka', ['pants-or-how-i-learned-to-stop-worrying-and-love-builds']],
  ['noah-kantrowitz', 'Noah Kantrowitz', ['behind-closed-doors-managing-passwords-in-a-dangerous-world']],
  ['or-weizman', 'Or Weizman', ['a-b-testing-harder-than-just-a-color-change']],
  ['paul-bailey', 'Paul Bailey', ['a-guide-to-bad-programming']],
  ['philip-james', 'Philip James', ['safe-ish-by-default-the-django-security-model-and-how-to-make-it-better']],
  ['ramesh-sampath', 'Ramesh Sampath', ['building-a-tic-tac-toe-two-player-game-using-tornado-over-websockets']],
  ['ravi-chityala', 'Ravi Chityala', ['image-processing-using-python']],
  ['rumman-chowdhury', 'Rumman Chowdhury', ['deep-dive-into-principal-components-analysis']],
  ['sam-bolgert', 'Sam Bolgert', ['rest-websockets-api-with-django-channels']],
  [
    'scott-sanderson',
    'Scott Sanderson',
    ['unspeakably-evil-hacks-in-service-of-marginally-improved-syntax-compile-time'],
  ],
  ['simon-willison', 'Simon Willison', ['exploring-complex-data-with-elasticsearch-and-python']],
  ['trisha-kothari', 'Trisha Kothari', ['data-in-a-dynamic-system-strategies-for-backwards-compatibility']],
  ['varang-amin', 'Varang Amin', ['log-visualization-for-dummies']],
  ['wesley-chun', 'Wesley Chun', ['python-103-memory-model-best-practices']],
  ['william-ting', 'William Ting', ['self-healing-systems-the-road-to-99-99-uptime']],
];

export const TRACKS = [
  { slug: 'language-internals', name: 'Language Internals', talkCount: 2 },
  { slug: 'all-things-web', name: 'All things Web', talkCount: 7 },
  { slug: 'scalable-python', name: 'Scalable Python', talkCount: 3 },
  { slug: 'performant-python', name: 'Performant Python', talkCount: 3 },
  { slug: 'etc', name: '/etc', talkCount: 5 },
  { slug: 'fundamentals', name: 'Fundamentals', talkCount: 5 },
  { slug: 'dealing-with-data', name: 'Dealing with Data', talkCount: 10 },
  { slug: 'security', name: 'Security', talkCount: 3 },
];

export const LEVELS = ['beginner', 'intermediate', 'advanced'];

export function titleOf(slug: string): string {
  const row = PROGRAM.find(([s]) => s === slug);
  if (!row) throw new Error(`no talk ${slug} in the PyBay fixture`);
  return row[1];
}

/** The talks of the program, in order, that pass a filter. */
export function programSlugs(filter: { track?: string; level?: string } = {}): string[] {
  return PROGRAM.filter(
    ([, , track, level]) => (!filter.track || track === filter.track) && (!filter.level || level === filter.level),
  ).map(([slug]) => slug);
}
