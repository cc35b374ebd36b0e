//! `/timeline.json`: the site's events in the format of TimelineJS3 (Knight Lab), so a
//! timeline can be made of them with no conversion.
//!
//! Each event's `start_date` and `end_date` carry `year`, `month` and `day` only as far as
//! the date is known; `display_date` is the date as gloss's pages show it ("c. 2024", "by
//! March 2025"). A range open at its start (`../2025-03`, "by March 2025") starts at its
//! end; one open at its end has no `end_date`. `text.text` is HTML: the summary rendered
//! and a link to each citing briefing, everything a writer wrote escaped. `group` is the
//! event's first actor's name (escaped, as TimelineJS shows it as HTML), so TimelineJS shows one row per main actor.

use serde::Serialize;

use crate::markdown::escape_html;
use crate::model::{Date, PartialDate, Site, address};

#[derive(Serialize)]
struct Timeline<'a> {
    title: Slide<'a>,
    events: Vec<Slide<'a>>,
}

#[derive(Serialize)]
struct Slide<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<TjsDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<TjsDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
}

#[derive(Serialize)]
struct Text {
    headline: String,
    text: String,
}

/// A TimelineJS3 date: the year, and the month and day when known.
#[derive(Serialize)]
struct TjsDate {
    year: i16,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u8>,
}

impl TjsDate {
    fn of(d: &PartialDate) -> Self {
        TjsDate {
            year: d.year,
            month: d.month,
            day: d.month.and(d.day),
        }
    }
}

/// The start and end of a date for TimelineJS3.
fn span(d: &Date) -> (TjsDate, Option<TjsDate>) {
    match d {
        Date::Single(p) => (TjsDate::of(p), None),
        Date::Range {
            start: Some(s),
            end,
        } => (TjsDate::of(s), end.as_ref().map(TjsDate::of)),
        Date::Range { start: None, end } => {
            // A date that parsed has at most one open end.
            let end = end.as_ref().map(TjsDate::of);
            (
                end.unwrap_or(TjsDate {
                    year: 0,
                    month: None,
                    day: None,
                }),
                None,
            )
        }
    }
}

/// `/timeline.json`; `markdown` renders an event's summary to HTML (Markdown, footnote
/// scope).
pub(crate) fn timeline_json(site: &Site, markdown: &dyn Fn(&str, &str) -> String) -> Vec<u8> {
    let base = &site.base_url;
    let events = site
        .events
        .iter()
        .map(|e| {
            let (start, end) = span(&e.date);
            let scope = crate::render::views::event_scope(&e.id);
            let mut html = e
                .summary
                .as_deref()
                .map(|s| markdown(s, &scope))
                .unwrap_or_default();
            if let Some(place) = &e.place {
                html.push_str(&format!("<p>{}</p>", escape_html(place)));
            }
            if !e.cited_by.is_empty() {
                html.push_str("<ul>");
                for b in &e.cited_by {
                    let b = &site.briefings[b.0];
                    html.push_str(&format!(
                        "<li><a href=\"{}\">{}</a></li>",
                        escape_html(&format!("{base}{}", b.url_path)),
                        escape_html(&b.title)
                    ));
                }
                html.push_str("</ul>");
            }
            html.push_str(&format!(
                "<p><a href=\"{}\">About this event</a></p>",
                escape_html(&format!("{base}{}", address::event(&e.id)))
            ));
            Slide {
                unique_id: Some(&e.id),
                start_date: Some(start),
                end_date: end,
                display_date: Some(e.date.to_string()),
                text: Text {
                    headline: escape_html(&e.title),
                    text: html,
                },
                group: e
                    .actors
                    .first()
                    .map(|a| escape_html(&site.actors[a.0].name)),
            }
        })
        .collect();
    let timeline = Timeline {
        title: Slide {
            unique_id: None,
            start_date: None,
            end_date: None,
            display_date: None,
            text: Text {
                headline: escape_html(&site.config.title),
                text: site
                    .config
                    .description
                    .as_deref()
                    .map(|d| format!("<p>{}</p>", escape_html(d)))
                    .unwrap_or_default(),
            },
            group: None,
        },
        events,
    };
    super::to_json(&timeline)
}
