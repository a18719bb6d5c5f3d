/**
 * The public pages' English messages: the source catalogue, whose keys every other language
 * has (messages/de.ts is typed by them, and i18n.pure.test.ts compares the two). ICU
 * MessageFormat: `{name}` a value, `{count, plural, one {…} other {…}}` a number's forms.
 * Talk content (titles, abstracts, names) is never in here: it stays as its author wrote it.
 */
export const en = {
  // Counts
  'count.talks': '{count, plural, one {# talk} other {# talks}}',
  'count.speakers': '{count, plural, one {# speaker} other {# speakers}}',
  'count.tracks': '{count, plural, one {# track} other {# tracks}}',
  'count.releases': '{count, plural, one {# release} other {# releases}}',
  'count.talksWord': '{count, plural, one {talk} other {talks}}',
  'list.and': '{first} and {last}',
  'duration.minutes': '{minutes} min',

  // The layout
  'layout.skip': 'Skip to content',
  'layout.eventNav': 'Event',
  'layout.program': 'Program',
  'layout.schedule': 'Schedule',
  'layout.speakers': 'Speakers',
  'layout.tracks': 'Tracks',
  'layout.exports': 'Exports',
  'layout.myAgenda': 'My agenda',
  'layout.searchLabel': 'Search talks',
  'layout.searchPlaceholder': 'Search talks, speakers…',
  'layout.searchButton': 'Search',
  'layout.publishedWith': 'Published with Lectern, the conference program platform.',
  'layout.programJson': 'This program as JSON',
  'layout.apiDocs': 'API documentation',
  'layout.allEvents': 'All events',
  'layout.language': 'Language',

  // The home page
  'events.title': 'Events',
  'events.lead': 'Conference programs published with Lectern.',
  'events.none': 'There are no events yet. Import a program with',
  'events.upcoming': 'Upcoming events',
  'events.past': 'Past events',

  // Between the pages of a long list
  'pager.label': 'Pages',
  'pager.previous': 'Previous page',
  'pager.next': 'Next page',
  'pager.position': 'Page {page} of {pages}',

  // The event's landing
  'event.logoAlt': '{name} logo',
  'event.map': 'Map',
  'event.submitProposal': 'Submit a proposal',
  'event.cfpOpenUntil': 'The call for proposals is open until {closes}.',
  'event.aroundTalk': 'Around this talk',
  'event.sameTime': 'At the same time',
  'event.nextInRoom': 'Next in this room',

  // Filters
  'filter.label': 'Filter talks',
  'filter.track': 'Track',
  'filter.allTracks': 'All tracks',
  'filter.level': 'Level',
  'filter.allLevels': 'All levels',
  'filter.submit': 'Filter',
  'filter.clear': 'Clear filters',
  'filter.inTrack': 'in {track}',
  'filter.forLevel': 'for {level} level',
  'filter.type': 'Session type',
  'filter.allTypes': 'All session types',
  'filter.ofType': 'of the type {type}',

  // The program
  'program.talksFiltered': 'Talks {described}',
  'program.description': '{talks} at {event}',
  'program.lead': '{talks} by {speakers} in {tracks}.',
  'program.links': 'Schedule and files',
  'program.changelog': 'Changelog',
  'program.exportsLink': 'Exports for apps and calendars',
  'program.showingFiltered': 'Showing {shown} of {total, plural, one {# talk} other {# talks}} {described}.',
  'program.showingAll': 'Showing all {talks}.',
  'program.trackIndex': 'Tracks on this page',
  'program.otherTalks': 'Other talks',
  'program.noMatch': 'No talks match these filters.',
  'program.showAll': 'Show all talks',

  // Search
  'search.title': 'Search: {query}',
  'search.titleEmpty': 'Search',
  'search.resultsFor': 'Search results for “{query}”',
  'search.heading': 'Search talks',
  'search.hint': "Type words from a talk's title, description or abstract, or a speaker's name, into the search box.",
  'search.none': 'No talks found. Try fewer or other words.',
  'search.found': '{talks} found, best matches first.',

  // Talks
  'talk.breadcrumb': 'Breadcrumb',
  'talk.track': 'Track',
  'talk.level': 'Level',
  'talk.trackLabel': 'Track: ',
  'talk.levelLabel': 'Level: ',
  'talk.sessionType': 'Session type',
  'talk.sessionTypeValue': '{name}, {minutes} minutes',
  'talk.description': 'Description',
  'talk.abstract': 'Abstract',
  'talk.about': 'About this talk',
  'talk.speakers': '{count, plural, one {Speaker} other {Speakers}}',
  'talk.when': 'When',
  'talk.room': 'Room',
  'talk.addToCalendar': 'Add to calendar',
  'talk.seeInSchedule': 'See it in the schedule',
  'talk.by': 'by ',
  'talk.and': ' and ',
  'talk.addToAgenda': 'Add to my agenda',
  'talk.addToAgendaNamed': 'Add to my agenda: {title}',

  // Speakers and tracks
  'speaker.lead': '{talks} at {event}',
  'speaker.biography': 'Biography',
  'speaker.links': 'Links',
  'speaker.talks': '{count, plural, one {Talk} other {Talks}}',
  'speakers.lead': '{speakers}, in alphabetical order.',
  'tracks.lead': '{tracks}, in program order.',
  'track.eyebrow': 'Track',
  'track.lead': '{talks} in this track.',
  'track.filter': 'Filter the program by this track',

  // Error pages
  'error.eyebrow': 'Error {status}',
  'error.notFound': 'Page not found',
  'error.failed': 'Something went wrong',
  'error.busy': 'Busy right now',
  'error.badRequest': 'Bad request',
  'error.title': 'Error',
  'error.backTo': 'Back to the program of {event}',
  'error.allEvents': 'See all events',

  'error.lead404': 'There is no page at this address.',
  'error.lead500': 'Something went wrong on our side.',
  'error.lead503': 'Lectern is busy right now.',
  'error.lead': 'This request could not be answered.',

  // The schedule
  'schedule.days': 'Days',
  'schedule.day': 'Day {index}',
  'schedule.zoneOne': "Times are {zone}: the event's time zone, {name}.",
  'schedule.zoneChanges':
    "Times are in the event's time zone, {name}. The clocks change this day: {zones}; each time says which.",
  'schedule.zoneThen': ', then ',
  'schedule.trackLabel': 'Track: ',
  'schedule.roomLabel': 'Room: ',
  'schedule.now': 'Now',
  'schedule.next': 'Next',
  'schedule.time': 'Time',
  'schedule.allRooms': 'All rooms',
  'schedule.allRoomsAt': 'All rooms, {when}',
  'schedule.nowOn': 'Now on',
  'schedule.nothingNow': 'Nothing is on right now.',
  'schedule.upNext': 'Up next',
  'schedule.nothingMore': 'Nothing more is scheduled.',
  'schedule.about': 'About this schedule',
  'schedule.versionChanges': 'Version {version}: what changed',
  'schedule.summary': '{talks} in {rooms, plural, one {# room} other {# rooms}}.',
  'schedule.title': 'Schedule, day {index}: {date}',
  'schedule.description': '{event}, day {index}: {summary}',
  'schedule.eyebrow': 'Schedule · day {index} of {days}',
  'schedule.caption': 'Day {index}, {date}: rooms by time',
  'schedule.nothingThisDay': 'Nothing is scheduled on this day yet.',
  'schedule.notReleased': 'The schedule of {event} is not released yet.',
  'schedule.untilReleased': 'Until it is,',
  'schedule.seeProgram': 'see the program',
  'schedule.byTrack': ': {talks} by track.',
  'schedule.eyebrowVersion': 'Schedule · version {version}',
  'schedule.nothingYet': 'Nothing is scheduled yet.',

  // The changelog
  'changelog.title': 'Changelog',
  'changelog.eyebrow': 'Schedule',
  'changelog.lead': '{releases} of the schedule, newest first.',
  'changelog.follow': 'Follow the changes in a feed reader (Atom)',
  'changelog.feedTitle': '{event}: schedule changes',
  'changelog.version': 'Version {version}',
  'changelog.released': 'Released',
  'changelog.added': 'Added',
  'changelog.moved': 'Moved',
  'changelog.removed': 'Removed from the schedule',
  'changelog.cancelled': 'Cancelled',
  'changelog.was': 'was {place}',
  'changelog.now': 'now {place}',
  'changelog.first': 'The first release, with {parts}.',
  // The parts of changelog.first ("with 38 talks and 2 breaks"): German declines them after "mit".
  'changelog.talks': '{count, plural, one {# talk} other {# talks}}',
  'changelog.breaks': '{count, plural, one {# break} other {# breaks}}',
  'changelog.blocks': '{count, plural, one {# block} other {# blocks}}',
  'changelog.nothingMoved': 'Nothing moved: this release changes no room or time.',
  // The embed
  'embed.noMatch': 'Nothing in the schedule matches.',
  'embed.fullSchedule': '{event}: the full schedule',
  'embed.title': '{event}: schedule',

  // The exports page
  'exports.description': 'The program of {event} as files other software reads: schedule XML and JSON, calendar, CSV.',
  'exports.lead':
    'The program as files for apps, calendars, recording pipelines and spreadsheets, from the schedule released as version {version}. Each address always serves the latest release.',
  'exports.leadUnreleased':
    'The program as files for apps, calendars, recording pipelines and spreadsheets. {event} has no released schedule yet: the schedule files appear with the first release.',
  'exports.afterRelease': ' · after the first release',
  'exports.subscribe': 'Subscribe in your calendar',
  'exports.subscribeHint':
    'Your calendar app then keeps the schedule current as it changes. Apps that ask for an address take',
  'exports.talkIcs': 'A single talk’s calendar file is its page’s address followed by .ics, such as {example}.',
  'export.frab-xml.label': 'frab schedule XML',
  'export.frab-xml.description':
    'The schedule in the frab/pentabarf format (schedule.xml) that conference apps such as Giggity, EventFahrplan and ConfClerk and recording pipelines read; valid against the c3voc schema.',
  'export.c3voc-json.label': 'Schedule JSON',
  'export.c3voc-json.description':
    'The schedule in the JSON format that frab and pretalx publish (schedule.json), for apps, signage and recording pipelines; valid against the c3voc schema.',
  'export.ical.label': 'Calendar (iCalendar)',
  'export.ical.description':
    'Every scheduled talk as a calendar event (schedule.ics), in the event’s time zone, for calendar apps: subscribe to its address to follow changes. Each talk’s page has its own calendar file too.',
  'export.csv.label': 'Talks as CSV',
  'export.csv.description':
    'Every talk of the program, one row each, with its speakers, track, level, room and times, for spreadsheets; talks not yet scheduled have empty times.',

  // The offline page
  'offline.title': 'Not saved for offline reading',
  'offline.lead': 'You are offline, and this page is not saved on this device. The program is:',
  'offline.programLink': '{event}: the program',
  'offline.leadEnd': ', with its talks, speakers and schedule.',

  // My agenda and shared agendas
  'agenda.changeMoved': 'Release {version}: moved from {from} to {to}',
  'agenda.changeAdded': 'Release {version}: newly in the schedule',
  'agenda.changeRemoved': 'Release {version}: taken off the schedule',
  'agenda.changeCancelled': 'Release {version}: cancelled',
  'agenda.clash': '{count, plural, one {# talk at {time}: choose one} other {# talks at {time}: choose one}}',
  'agenda.notInSchedule': 'Not in the schedule',
  'agenda.notScheduledYet': 'Not scheduled yet',
  'agenda.description':
    'The talks of {event} you starred, by day and time, with clashes marked; share them or subscribe in your calendar.',
  'agenda.needsScript':
    'My agenda keeps the talks you star in this browser, and needs JavaScript for that. Without it, the',
  'agenda.programLink': 'program',
  'agenda.scheduleLink': 'schedule',
  'agenda.and': ' and the ',
  'agenda.or': ' or the ',
  'agenda.listEvery': ' list every talk.',
  'agenda.empty': 'No talks on your agenda yet. Star talks on the',
  'agenda.emptyEnd': ' with “{button}”: they appear here, by day and time.',
  'agenda.share': 'Share and subscribe',
  'agenda.shareLink': 'Anyone with this link sees your agenda, and cannot change it:',
  'agenda.subscribeYours': 'Subscribe to your agenda in a calendar app',
  'agenda.followsReleases': ': it follows every new release of the schedule.',
  'agenda.qrYours': 'QR code of the link to your agenda',
  'shared.title': 'A shared agenda',
  'shared.description': 'Talks of {event} someone chose, by day and time.',
  'shared.leadEmpty': 'Someone shared an agenda for {event}; it holds no talks at the moment.',
  'shared.lead': 'Someone shared their agenda for {event}: {talks}. It is read-only here.',
  'shared.copy': 'Copy to my agenda',
  'shared.subscribe': 'Subscribe to this agenda in a calendar app',
  'shared.qr': 'QR code of this page’s link',

  // Room screens
  'screen.nothingNow': 'Nothing on right now.',
  'screen.nothingMore': 'Nothing more in this room.',
  'screen.notReleased': 'The schedule is not released yet.',

  // Browser scripts: they fill in {count}, {time} and {link} themselves.
  'script.clash': '{count} talks at {time}: choose one',
  'script.copiedOne': '1 talk added to {link}.',
  'script.copiedOther': '{count} talks added to {link}.',
  'script.yourAgenda': 'your agenda',
  'script.changedMoved': 'The schedule changed: {link}',
  'script.movedOne': '1 of your talks moved',
  'script.movedOther': '{count} of your talks moved',
  'script.changed': 'The schedule changed. {link}',
  'script.seeChanges': 'See what changed',
  'script.widgetFailed': 'The program could not be shown ({status}).',
  'script.widgetUnreachable': 'The program could not be loaded.',
  'filter.search': 'Search',
  'interest.title': 'What do you want to see?',
  'interest.lead':
    'Mark the talks you want to see: the organisers place talks that interest the same people at different times. Nobody sees who marked what, only how many.',
  'interest.description': 'Mark the talks of {event} you want to see, to help the organisers plan the schedule.',
  'interest.marked':
    '{count, plural, =0 {You have marked no talks yet.} one {You marked # talk.} other {You marked # talks.}}',
  'interest.closesAt': 'You can change your choices until {date} {time}.',
  'interest.openUntilClosed': 'You can change your choices until the organisers close the ballot.',
  'interest.closed': 'The interest ballot is closed: choices can no longer be changed. Thank you for yours.',
  'interest.save': 'Save my choices',
  'interest.mark': 'Want to see',
  'interest.details': '(about the talk)',
  'interest.noneMatch': 'No talks match.',
  'interest.link': 'What do you want to see? Tell us',
} as const;

export type MessageKey = keyof typeof en;
