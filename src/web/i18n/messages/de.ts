import type { MessageKey } from './en.js';

/** The public pages in German: every key of en.ts, with the same ICU arguments. */
export const de: Record<MessageKey, string> = {
  // Counts
  'count.talks': '{count, plural, one {# Vortrag} other {# Vorträge}}',
  'count.speakers': '{count, plural, one {# Sprecher*in} other {# Sprecher*innen}}',
  'count.tracks': '{count, plural, one {# Track} other {# Tracks}}',
  'count.releases': '{count, plural, one {# Veröffentlichung} other {# Veröffentlichungen}}',
  'count.talksWord': '{count, plural, one {Vortrag} other {Vorträge}}',
  'list.and': '{first} und {last}',
  'duration.minutes': '{minutes} Min.',

  // The layout
  'layout.skip': 'Zum Inhalt springen',
  'layout.eventNav': 'Veranstaltung',
  'layout.program': 'Programm',
  'layout.schedule': 'Zeitplan',
  'layout.speakers': 'Sprecher*innen',
  'layout.tracks': 'Tracks',
  'layout.exports': 'Exporte',
  'layout.myAgenda': 'Meine Agenda',
  'layout.searchLabel': 'Vorträge suchen',
  'layout.searchPlaceholder': 'Vorträge, Sprecher*innen suchen…',
  'layout.searchButton': 'Suchen',
  'layout.publishedWith': 'Veröffentlicht mit Lectern, der Plattform für Konferenzprogramme.',
  'layout.programJson': 'Dieses Programm als JSON',
  'layout.apiDocs': 'API-Dokumentation',
  'layout.allEvents': 'Alle Veranstaltungen',
  'layout.language': 'Sprache',

  // The home page
  'events.title': 'Veranstaltungen',
  'events.lead': 'Mit Lectern veröffentlichte Konferenzprogramme.',
  'events.none': 'Noch gibt es keine Veranstaltungen. Ein Programm importieren Sie mit',
  'events.upcoming': 'Kommende Veranstaltungen',
  'events.past': 'Vergangene Veranstaltungen',

  // Between the pages of a long list
  'pager.label': 'Seiten',
  'pager.previous': 'Vorige Seite',
  'pager.next': 'Nächste Seite',
  'pager.position': 'Seite {page} von {pages}',

  // The event's landing
  'event.logoAlt': 'Logo von {name}',
  'event.map': 'Karte',
  'event.submitProposal': 'Vorschlag einreichen',
  'event.cfpOpenUntil': 'Der Call for Proposals ist offen bis {closes}.',
  'event.aroundTalk': 'Rund um diesen Vortrag',
  'event.sameTime': 'Zur selben Zeit',
  'event.nextInRoom': 'Danach in diesem Raum',

  // Filters
  'filter.label': 'Vorträge filtern',
  'filter.track': 'Track',
  'filter.allTracks': 'Alle Tracks',
  'filter.level': 'Niveau',
  'filter.allLevels': 'Alle Niveaus',
  'filter.submit': 'Filtern',
  'filter.clear': 'Filter zurücksetzen',
  'filter.inTrack': 'in {track}',
  'filter.forLevel': 'für Niveau {level}',
  'filter.type': 'Sessiontyp',
  'filter.allTypes': 'Alle Sessiontypen',
  'filter.ofType': 'vom Typ {type}',

  // The program
  'program.talksFiltered': 'Vorträge {described}',
  'program.description': '{talks} bei {event}',
  'program.lead': '{talks} von {speakers} in {tracks}.',
  'program.links': 'Zeitplan und Dateien',
  'program.changelog': 'Änderungen',
  'program.exportsLink': 'Exporte für Apps und Kalender',
  'program.showingFiltered': '{shown} von {total, plural, one {# Vortrag} other {# Vorträgen}} {described}.',
  'program.showingAll': 'Alle {talks}.',
  'program.trackIndex': 'Tracks auf dieser Seite',
  'program.otherTalks': 'Weitere Vorträge',
  'program.noMatch': 'Kein Vortrag passt zu diesen Filtern.',
  'program.showAll': 'Alle Vorträge zeigen',

  // Search
  'search.title': 'Suche: {query}',
  'search.titleEmpty': 'Suche',
  'search.resultsFor': 'Suchergebnisse für „{query}“',
  'search.heading': 'Vorträge suchen',
  'search.hint':
    'Geben Sie Wörter aus dem Titel, der Beschreibung oder der Zusammenfassung eines Vortrags oder den Namen einer Sprecherin oder eines Sprechers in das Suchfeld ein.',
  'search.none': 'Keine Vorträge gefunden. Versuchen Sie es mit weniger oder anderen Wörtern.',
  'search.found': '{talks} gefunden, die besten Treffer zuerst.',

  // Talks
  'talk.breadcrumb': 'Brotkrümelnavigation',
  'talk.track': 'Track',
  'talk.level': 'Niveau',
  'talk.trackLabel': 'Track: ',
  'talk.levelLabel': 'Niveau: ',
  'talk.sessionType': 'Sessiontyp',
  'talk.sessionTypeValue': '{name}, {minutes} Minuten',
  'talk.description': 'Beschreibung',
  'talk.abstract': 'Zusammenfassung',
  'talk.about': 'Über diesen Vortrag',
  'talk.speakers': '{count, plural, one {Sprecher*in} other {Sprecher*innen}}',
  'talk.when': 'Wann',
  'talk.room': 'Raum',
  'talk.addToCalendar': 'Zum Kalender hinzufügen',
  'talk.seeInSchedule': 'Im Zeitplan ansehen',
  'talk.by': 'von ',
  'talk.and': ' und ',
  'talk.addToAgenda': 'Zu meiner Agenda hinzufügen',
  'talk.addToAgendaNamed': 'Zu meiner Agenda hinzufügen: {title}',

  // Speakers and tracks
  'speaker.lead': '{talks} bei {event}',
  'speaker.biography': 'Biografie',
  'speaker.links': 'Links',
  'speaker.talks': '{count, plural, one {Vortrag} other {Vorträge}}',
  'speakers.lead': '{speakers}, alphabetisch geordnet.',
  'tracks.lead': '{tracks}, in der Reihenfolge des Programms.',
  'track.eyebrow': 'Track',
  'track.lead': '{talks} in diesem Track.',
  'track.filter': 'Das Programm nach diesem Track filtern',

  // Error pages
  'error.eyebrow': 'Fehler {status}',
  'error.notFound': 'Seite nicht gefunden',
  'error.failed': 'Etwas ist schiefgegangen',
  'error.busy': 'Gerade ausgelastet',
  'error.badRequest': 'Ungültige Anfrage',
  'error.title': 'Fehler',
  'error.backTo': 'Zurück zum Programm von {event}',
  'error.allEvents': 'Alle Veranstaltungen ansehen',

  'error.lead404': 'Unter dieser Adresse gibt es keine Seite. Die Meldung dazu (auf Englisch):',
  'error.lead500': 'Auf unserer Seite ist etwas schiefgegangen. Die Meldung dazu (auf Englisch):',
  'error.lead503': 'Lectern ist gerade ausgelastet. Die Meldung dazu (auf Englisch):',
  'error.lead': 'Diese Anfrage konnte nicht beantwortet werden. Die Meldung dazu (auf Englisch):',

  // The schedule
  'schedule.days': 'Tage',
  'schedule.day': 'Tag {index}',
  'schedule.zoneOne': 'Alle Zeiten: {zone}, die Zeitzone der Veranstaltung ({name}).',
  'schedule.zoneChanges':
    'Alle Zeiten in der Zeitzone der Veranstaltung, {name}. An diesem Tag wird die Uhr umgestellt: {zones}; jede Zeit nennt ihre Zone.',
  'schedule.zoneThen': ', danach ',
  'schedule.trackLabel': 'Track: ',
  'schedule.roomLabel': 'Raum: ',
  'schedule.now': 'Jetzt',
  'schedule.next': 'Als Nächstes',
  'schedule.time': 'Zeit',
  'schedule.allRooms': 'Alle Räume',
  'schedule.allRoomsAt': 'Alle Räume, {when}',
  'schedule.nowOn': 'Gerade läuft',
  'schedule.nothingNow': 'Gerade läuft nichts.',
  'schedule.upNext': 'Als Nächstes',
  'schedule.nothingMore': 'Es ist nichts mehr geplant.',
  'schedule.about': 'Über diesen Zeitplan',
  'schedule.versionChanges': 'Version {version}: was sich geändert hat',
  'schedule.summary': '{talks} in {rooms, plural, one {# Raum} other {# Räumen}}.',
  'schedule.title': 'Zeitplan, Tag {index}: {date}',
  'schedule.description': '{event}, Tag {index}: {summary}',
  'schedule.eyebrow': 'Zeitplan · Tag {index} von {days}',
  'schedule.caption': 'Tag {index}, {date}: Räume nach Uhrzeit',
  'schedule.nothingThisDay': 'An diesem Tag ist noch nichts geplant.',
  'schedule.notReleased': 'Der Zeitplan von {event} ist noch nicht veröffentlicht.',
  'schedule.untilReleased': 'Bis dahin:',
  'schedule.seeProgram': 'zum Programm',
  'schedule.byTrack': ', {talks} nach Track.',
  'schedule.eyebrowVersion': 'Zeitplan · Version {version}',
  'schedule.nothingYet': 'Noch ist nichts geplant.',

  // The changelog
  'changelog.title': 'Änderungen',
  'changelog.eyebrow': 'Zeitplan',
  'changelog.lead': '{releases} des Zeitplans, die neueste zuerst.',
  'changelog.follow': 'Die Änderungen im Feedreader verfolgen (Atom)',
  'changelog.feedTitle': '{event}: Änderungen am Zeitplan',
  'changelog.version': 'Version {version}',
  'changelog.released': 'Veröffentlicht am',
  'changelog.added': 'Neu',
  'changelog.moved': 'Verschoben',
  'changelog.removed': 'Aus dem Zeitplan genommen',
  'changelog.cancelled': 'Abgesagt',
  'changelog.was': 'war {place}',
  'changelog.now': 'jetzt {place}',
  'changelog.first': 'Die erste Veröffentlichung, mit {parts}.',
  'changelog.talks': '{count, plural, one {# Vortrag} other {# Vorträgen}}',
  'changelog.breaks': '{count, plural, one {# Pause} other {# Pausen}}',
  'changelog.blocks': '{count, plural, one {# Block} other {# Blöcken}}',
  'changelog.nothingMoved': 'Nichts verschoben: Diese Veröffentlichung ändert keinen Raum und keine Zeit.',
  // The embed
  'embed.noMatch': 'Nichts im Zeitplan passt dazu.',
  'embed.fullSchedule': '{event}: der ganze Zeitplan',
  'embed.title': '{event}: Zeitplan',

  // The exports page
  'exports.description':
    'Das Programm von {event} als Dateien für andere Software: Zeitplan als XML und JSON, Kalender, CSV.',
  'exports.lead':
    'Das Programm als Dateien für Apps, Kalender, Aufzeichnungs-Pipelines und Tabellen, aus dem als Version {version} veröffentlichten Zeitplan. Jede Adresse liefert immer die neueste Veröffentlichung.',
  'exports.leadUnreleased':
    'Das Programm als Dateien für Apps, Kalender, Aufzeichnungs-Pipelines und Tabellen. {event} hat noch keinen veröffentlichten Zeitplan: Die Zeitplan-Dateien erscheinen mit der ersten Veröffentlichung.',
  'exports.afterRelease': ' · nach der ersten Veröffentlichung',
  'exports.subscribe': 'Im Kalender abonnieren',
  'exports.subscribeHint':
    'Ihre Kalender-App hält den Zeitplan dann aktuell, wenn er sich ändert. Apps, die nach einer Adresse fragen, nehmen',
  'exports.talkIcs':
    'Die Kalenderdatei eines einzelnen Vortrags ist die Adresse seiner Seite mit .ics dahinter, etwa {example}.',
  'export.frab-xml.label': 'frab-Zeitplan als XML',
  'export.frab-xml.description':
    'Der Zeitplan im frab/pentabarf-Format (schedule.xml), das Konferenz-Apps wie Giggity, EventFahrplan und ConfClerk und Aufzeichnungs-Pipelines lesen; gültig nach dem c3voc-Schema.',
  'export.c3voc-json.label': 'Zeitplan als JSON',
  'export.c3voc-json.description':
    'Der Zeitplan im JSON-Format, das frab und pretalx veröffentlichen (schedule.json), für Apps, Anzeigen und Aufzeichnungs-Pipelines; gültig nach dem c3voc-Schema.',
  'export.ical.label': 'Kalender (iCalendar)',
  'export.ical.description':
    'Jeder geplante Vortrag als Kalendertermin (schedule.ics), in der Zeitzone der Veranstaltung, für Kalender-Apps: Abonnieren Sie die Adresse, um Änderungen zu folgen. Auch die Seite jedes Vortrags hat ihre eigene Kalenderdatei.',
  'export.csv.label': 'Vorträge als CSV',
  'export.csv.description':
    'Jeder Vortrag des Programms in einer Zeile, mit Sprecher*innen, Track, Niveau, Raum und Zeiten, für Tabellenkalkulationen; noch nicht geplante Vorträge haben leere Zeiten.',

  // The offline page
  'offline.title': 'Nicht für offline gespeichert',
  'offline.lead': 'Sie sind offline, und diese Seite ist auf diesem Gerät nicht gespeichert. Das Programm:',
  'offline.programLink': '{event}: das Programm',
  'offline.leadEnd': ', mit Vorträgen, Sprecher*innen und Zeitplan.',

  // My agenda and shared agendas
  'agenda.changeMoved': 'Version {version}: verschoben von {from} auf {to}',
  'agenda.changeAdded': 'Version {version}: neu im Zeitplan',
  'agenda.changeRemoved': 'Version {version}: aus dem Zeitplan genommen',
  'agenda.changeCancelled': 'Version {version}: abgesagt',
  'agenda.clash':
    '{count, plural, one {# Vortrag um {time}: wählen Sie einen} other {# Vorträge um {time}: wählen Sie einen}}',
  'agenda.notInSchedule': 'Nicht im Zeitplan',
  'agenda.notScheduledYet': 'Noch nicht geplant',
  'agenda.description':
    'Die Vorträge von {event}, die Sie markiert haben, nach Tag und Uhrzeit, mit Überschneidungen; teilen Sie sie oder abonnieren Sie sie im Kalender.',
  'agenda.needsScript':
    'Meine Agenda speichert die markierten Vorträge in diesem Browser und braucht dafür JavaScript. Ohne JavaScript zeigen das',
  'agenda.programLink': 'Programm',
  'agenda.scheduleLink': 'Zeitplan',
  'agenda.and': ' und der ',
  'agenda.or': ' oder im ',
  'agenda.listEvery': ' jeden Vortrag.',
  'agenda.empty': 'Noch keine Vorträge auf Ihrer Agenda. Markieren Sie Vorträge im',
  'agenda.emptyEnd': ' mit „{button}“: Sie erscheinen hier, nach Tag und Uhrzeit.',
  'agenda.share': 'Teilen und abonnieren',
  'agenda.shareLink': 'Alle mit diesem Link sehen Ihre Agenda, können sie aber nicht ändern:',
  'agenda.subscribeYours': 'Ihre Agenda in einer Kalender-App abonnieren',
  'agenda.followsReleases': ': Sie folgt jeder neuen Veröffentlichung des Zeitplans.',
  'agenda.qrYours': 'QR-Code des Links zu Ihrer Agenda',
  'shared.title': 'Eine geteilte Agenda',
  'shared.description': 'Vorträge von {event}, die jemand ausgewählt hat, nach Tag und Uhrzeit.',
  'shared.leadEmpty': 'Jemand hat eine Agenda für {event} geteilt; sie enthält gerade keine Vorträge.',
  'shared.lead': 'Jemand hat eine Agenda für {event} geteilt: {talks}. Hier ist sie nur lesbar.',
  'shared.copy': 'In meine Agenda übernehmen',
  'shared.subscribe': 'Diese Agenda in einer Kalender-App abonnieren',
  'shared.qr': 'QR-Code des Links zu dieser Seite',

  // Room screens
  'screen.nothingNow': 'Gerade läuft nichts.',
  'screen.nothingMore': 'In diesem Raum kommt nichts mehr.',
  'screen.notReleased': 'Der Zeitplan ist noch nicht veröffentlicht.',

  // Browser scripts: they fill in {count}, {time} and {link} themselves.
  'script.clash': '{count} Vorträge um {time}: wählen Sie einen',
  'script.copiedOne': '1 Vortrag zu {link} hinzugefügt.',
  'script.copiedOther': '{count} Vorträge zu {link} hinzugefügt.',
  'script.yourAgenda': 'Ihrer Agenda',
  'script.changedMoved': 'Der Zeitplan hat sich geändert: {link}',
  'script.movedOne': '1 Ihrer Vorträge wurde verschoben',
  'script.movedOther': '{count} Ihrer Vorträge wurden verschoben',
  'script.changed': 'Der Zeitplan hat sich geändert. {link}',
  'script.seeChanges': 'Sehen, was sich geändert hat',
  'script.widgetFailed': 'Das Programm konnte nicht angezeigt werden ({status}).',
  'script.widgetUnreachable': 'Das Programm konnte nicht geladen werden.',
  'filter.search': 'Suche',
  'interest.title': 'Was möchten Sie sehen?',
  'interest.lead':
    'Markieren Sie die Vorträge, die Sie sehen möchten: Die Organisator*innen legen Vorträge, die dieselben Leute interessieren, auf verschiedene Zeiten. Niemand sieht, wer was markiert hat, nur wie viele.',
  'interest.description':
    'Markieren Sie die Vorträge von {event}, die Sie sehen möchten, um bei der Planung des Zeitplans zu helfen.',
  'interest.marked':
    '{count, plural, =0 {Sie haben noch keine Vorträge markiert.} one {Sie haben # Vortrag markiert.} other {Sie haben # Vorträge markiert.}}',
  'interest.closesAt': 'Sie können Ihre Auswahl bis {date} {time} ändern.',
  'interest.openUntilClosed': 'Sie können Ihre Auswahl ändern, bis die Organisator*innen die Umfrage schließen.',
  'interest.closed':
    'Die Interessenumfrage ist geschlossen: Die Auswahl kann nicht mehr geändert werden. Danke für Ihre.',
  'interest.save': 'Meine Auswahl speichern',
  'interest.mark': 'Möchte ich sehen',
  'interest.details': '(zum Vortrag)',
  'interest.noneMatch': 'Keine Vorträge gefunden.',
  'interest.link': 'Was möchten Sie sehen? Sagen Sie es uns',
};
