// Expand iCalendar files with ical.js, the parser behind Thunderbird.
//
// Input on stdin: a JSON list of {"ics": text, "start": unix seconds, "end": unix seconds}.
// Output on stdout: a JSON list, one entry per file, each {"instances": [[uid, start, end],
// ...]} or {"error": message}. Timed instances give start and end as unix seconds (UTC);
// all-day instances as "YYYY-MM-DD" strings. Cancelled events and cancelled overriding
// instances are left out: only what takes place is listed.
//
// As Thunderbird does: exceptions (RECURRENCE-ID) are related to their series by UID, and
// a series without RRULE lists DTSTART plus its RDATEs (the stock iterator of ical.js
// drops DTSTART there).

import ICAL from "ical.js";

function cancelled(component) {
  const status = component.getFirstPropertyValue("status");
  return typeof status === "string" && status.toUpperCase() === "CANCELLED";
}

function value(time) {
  return time.isDate ? time.toString() : time.toUnixTime();
}

function allValues(component, name) {
  const out = [];
  for (const property of component.getAllProperties(name)) {
    for (const item of property.getValues()) {
      out.push(item);
    }
  }
  return out;
}

function same(a, b) {
  if (a.isDate || b.isDate) {
    return a.year === b.year && a.month === b.month && a.day === b.day;
  }
  return a.toUnixTime() === b.toUnixTime();
}

// The start times of a series, in order, up to `end` (unix seconds).
function starts(event, end) {
  const component = event.component;
  if (!component.hasProperty("rrule")) {
    const dates = [event.startDate, ...allValues(component, "rdate")];
    const excluded = allValues(component, "exdate");
    const kept = [];
    for (const date of dates) {
      if (excluded.some((x) => same(x, date)) || kept.some((k) => same(k, date))) {
        continue;
      }
      kept.push(date);
    }
    kept.sort((a, b) => a.compare(b));
    return kept;
  }
  const out = [];
  const iterator = event.iterator();
  let next;
  let guard = 0;
  while ((next = iterator.next())) {
    if (guard++ > 100000) {
      throw new Error("runaway recurrence");
    }
    if (!next.isDate && next.toUnixTime() > end) {
      break;
    }
    if (next.isDate && next.toUnixTime() > end + 86400) {
      break;
    }
    out.push(next);
  }
  return out;
}

function expand(text, start, end) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  const events = calendar.getAllSubcomponents("vevent");
  const exceptions = new Map();
  for (const component of events) {
    if (component.hasProperty("recurrence-id")) {
      const uid = component.getFirstPropertyValue("uid");
      if (!exceptions.has(uid)) {
        exceptions.set(uid, []);
      }
      exceptions.get(uid).push(new ICAL.Event(component));
    }
  }
  const instances = [];
  for (const component of events) {
    if (component.hasProperty("recurrence-id")) {
      continue;
    }
    const uid = component.getFirstPropertyValue("uid");
    const event = new ICAL.Event(component, {
      exceptions: exceptions.get(uid) || [],
      strictExceptions: true,
    });
    if (cancelled(component)) {
      continue;
    }
    for (const occurrence of starts(event, end)) {
      const details = event.getOccurrenceDetails(occurrence);
      if (details.item !== event && cancelled(details.item.component)) {
        continue;
      }
      const first = details.startDate;
      if (!first.isDate && (first.toUnixTime() < start || first.toUnixTime() > end)) {
        continue;
      }
      instances.push([uid, value(first), value(details.endDate)]);
    }
  }
  return instances;
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  input += chunk;
});
process.stdin.on("end", () => {
  const results = JSON.parse(input).map((item) => {
    try {
      return { instances: expand(item.ics, item.start, item.end) };
    } catch (error) {
      return { error: String(error && error.stack ? error.stack : error) };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
