#!/usr/bin/python3
"""Reads a schedule file with the parsers other software uses, and prints what it says about
each talk as JSON, for test/exports/real-clients.test.ts to compare with the source file.

    read_exports.py frab schedule.xml          # xml.etree, as frab/pentabarf readers do
    read_exports.py c3voc schedule.json [SCHEMA]  # json; with SCHEMA, jsonschema's errors too
    read_exports.py ical schedule.ics          # icalendar (Debian's python3-icalendar)
    read_exports.py csv talks.csv              # csv, as sqlite3 .import and pandas read it

Each talk: guid, local start (ISO 8601 with the offset the file gives), minutes, room, and where
the format has them type, language and the persons' GUIDs. Run with Debian's /usr/bin/python3,
which has icalendar and jsonschema.
"""
import csv
import json
import sys
import xml.etree.ElementTree as ElementTree
from datetime import datetime


def minutes(duration):
    hours, mins = duration.split(":")[:2]
    return int(hours) * 60 + int(mins)


def local(iso):
    """An ISO 8601 date-time with its offset, written one way (a Z becomes +00:00)."""
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).isoformat()


def read_frab(path):
    root = ElementTree.parse(path).getroot()
    talks = []
    for day in root.iter("day"):
        for room in day.iter("room"):
            for event in room.iter("event"):
                talks.append({
                    "guid": event.get("guid", "").lower(),
                    "start": local(event.findtext("date")),
                    "minutes": minutes(event.findtext("duration")),
                    "room": room.get("name"),
                    "type": (event.findtext("type") or "").strip(),
                    "language": (event.findtext("language") or "").strip(),
                    "persons": sorted((p.get("guid") or "").lower() for p in event.iter("person")),
                })
    return {"talks": talks}


def read_c3voc(path, schema_path=None):
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    errors = []
    if schema_path:
        import jsonschema

        with open(schema_path, encoding="utf-8") as f:
            schema = json.load(f)
        validator = jsonschema.validators.validator_for(schema)(schema)
        errors = [
            "/" + "/".join(str(part) for part in error.absolute_path) + ": " + error.message
            for error in validator.iter_errors(document)
        ]
    talks = []
    for day in document["schedule"]["conference"]["days"]:
        for room, events in day["rooms"].items():
            for event in events:
                talks.append({
                    "guid": event["guid"].lower(),
                    "start": local(event["date"]),
                    "minutes": minutes(event["duration"]),
                    "room": room,
                    "type": (event.get("type") or "").strip(),
                    "language": (event.get("language") or "").strip(),
                    "persons": sorted((p.get("guid") or "").lower() for p in event.get("persons", [])),
                })
    return {"errors": errors, "talks": talks}


def read_ical(path):
    import icalendar

    with open(path, "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    talks = []
    for event in calendar.walk("VEVENT"):
        start = event.decoded("dtstart")
        end = event.decoded("dtend")
        talks.append({
            "guid": str(event["uid"]).lower(),
            "start": start.isoformat(),
            "minutes": int((end - start).total_seconds() // 60),
            "room": str(event.get("location", "")),
        })
    return {"talks": talks}


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    # A row a stray line break cut short lacks its last fields (None): kept, so that the counts tell.
    return {
        "rows": len(rows),
        "talks": [
            {
                "guid": (row["guid"] or "").lower(),
                "start": local(row["start"]) if row.get("start") else "",
                "minutes": int(row["duration_minutes"]) if (row.get("duration_minutes") or "").isdigit() else None,
                "room": row.get("room"),
                "language": row.get("language"),
            }
            for row in rows
        ],
    }


READERS = {"frab": read_frab, "c3voc": read_c3voc, "ical": read_ical, "csv": read_csv}

if __name__ == "__main__":
    kind, *args = sys.argv[1:]
    json.dump(READERS[kind](*args), sys.stdout, ensure_ascii=False)
