//! Files for tools: each briefing's W3C Web Annotations and the data exports (`/graph.json`
//! against its own JSON Schema, `/timeline.json` for TimelineJS3, `/claims.json` as
//! ClaimReview), on the core fixture site. The browser test `tests/browser/annotations.mjs`
//! anchors the annotations in chromium with third-party libraries.

mod common;

use serde_json::Value;

use common::{build, fixture, read};

fn json(out: &std::path::Path, path: &str) -> Value {
    serde_json::from_str(&read(out, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_briefing_has_its_annotations_with_both_selectors() {
    let (_tmp, out) = build(&fixture("core"), false);
    let page = read(&out, "briefings/alpha/index.html");
    assert!(
        page.contains(
            r#"<link rel="alternate" type="application/ld+json" href="annotations.jsonld""#
        ),
        "the page links its annotations"
    );
    let doc = json(&out, "briefings/alpha/annotations.jsonld");
    let base = "https://example.org/sub/briefings/alpha/";
    assert_eq!(doc["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(doc["type"], "AnnotationPage");
    assert_eq!(doc["id"], format!("{base}annotations.jsonld"));
    let items = doc["items"].as_array().unwrap();
    assert_eq!(doc["total"], items.len());
    let ids: Vec<&str> = items.iter().map(|a| a["id"].as_str().unwrap()).collect();
    for id in [
        "quote-weaves",
        "quote-never",
        "claim-algebraic",
        "note-budget",
    ] {
        assert!(
            ids.contains(&format!("{base}#{id}").as_str()),
            "{id} in {ids:?}"
        );
    }
    for a in items {
        assert_eq!(a["type"], "Annotation");
        assert_eq!(a["target"]["source"], base);
        let fragment = a["id"].as_str().unwrap().rsplit('#').next().unwrap();
        assert!(
            page.contains(&format!(r#"id="{fragment}""#)),
            "{fragment} is a mark of the page"
        );
        let sel = a["target"]["selector"].as_array().unwrap();
        assert_eq!(sel[0]["type"], "TextQuoteSelector");
        assert_eq!(sel[1]["type"], "TextPositionSelector");
        let exact = sel[0]["exact"].as_str().unwrap();
        let (start, end) = (
            sel[1]["start"].as_u64().unwrap(),
            sel[1]["end"].as_u64().unwrap(),
        );
        assert_eq!(
            end - start,
            exact.encode_utf16().count() as u64,
            "{exact}: positions count UTF-16 units"
        );
        for side in ["prefix", "suffix"] {
            let n = sel[0][side].as_str().unwrap().encode_utf16().count();
            assert!(n > 0 && n <= 32, "{side} of {exact}: {n} UTF-16 units");
        }
        let body = a["body"].as_array().unwrap();
        assert!(body.iter().any(|b| b["type"] == "TextualBody"));
    }
    let weaves = &items[ids
        .iter()
        .position(|i| i.ends_with("#quote-weaves"))
        .unwrap()];
    assert_eq!(
        weaves["target"]["selector"][0]["exact"],
        "the engine weaves algebraic patterns"
    );
    assert_eq!(weaves["body"][0]["value"], "Quote: Ada Lovelace");
    assert_eq!(
        weaves["body"][1]["id"],
        "https://example.org/sub/actors/ada/"
    );
    let claim = &items[ids
        .iter()
        .position(|i| i.ends_with("#claim-algebraic"))
        .unwrap()];
    assert_eq!(claim["body"][0]["value"], "supported");
    assert_eq!(claim["body"][0]["purpose"], "tagging");
    let note = &items[ids
        .iter()
        .position(|i| i.ends_with("#note-budget"))
        .unwrap()];
    assert_eq!(note["body"][0]["value"], "The *second* mention.");
    assert_eq!(note["body"][0]["purpose"], "commenting");
    // A briefing whose only anchored annotation is an event has its page too.
    let beta = json(&out, "briefings/beta/annotations.jsonld");
    let items = beta["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["motivation"], "linking");
}

#[test]
fn the_graph_validates_against_its_schema_and_links_by_id() {
    let (_tmp, out) = build(&fixture("core"), false);
    let schema = json(&out, "graph.schema.json");
    let graph = json(&out, "graph.json");
    let validator = jsonschema::draft202012::new(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&graph)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(
        graph["$schema"],
        "https://example.org/sub/graph.schema.json"
    );
    // Every id one entity names is an entity of the graph.
    let ids = |list: &str| -> Vec<String> {
        graph[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };
    let (actors, briefings, events) = (ids("actors"), ids("briefings"), ids("events"));
    let (quotes, claims, notes, tags) = (ids("quotes"), ids("claims"), ids("notes"), ids("tags"));
    let within = |v: &Value, set: &[String]| {
        for x in v.as_array().unwrap() {
            assert!(set.contains(&x.as_str().unwrap().to_string()), "{x}");
        }
    };
    for b in graph["briefings"].as_array().unwrap() {
        within(&b["actors"], &actors);
        within(&b["events"], &events);
        within(&b["quotes"], &quotes);
        within(&b["claims"], &claims);
        within(&b["notes"], &notes);
        within(&b["tags"], &tags);
    }
    for e in graph["events"].as_array().unwrap() {
        within(&e["actors"], &actors);
        within(&e["briefings"], &briefings);
    }
    for q in graph["quotes"].as_array().unwrap() {
        assert!(actors.contains(&q["speaker"].as_str().unwrap().to_string()));
        assert!(briefings.contains(&q["briefing"].as_str().unwrap().to_string()));
    }
    let weaves = graph["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "briefings/alpha/#quote-weaves")
        .expect("the quote is in the graph");
    assert_eq!(weaves["speaker"], "ada");
    assert_eq!(
        weaves["url"],
        "https://example.org/sub/briefings/alpha/#quote-weaves"
    );
    assert_eq!(weaves["said"]["edtf"], "1843-07");
    assert_eq!(weaves["said"]["earliest"], "1843-07-01");
    assert_eq!(weaves["said"]["latest"], "1843-07-31");
    let by_then = graph["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "by-then")
        .unwrap();
    assert_eq!(by_then["date"]["earliest"], Value::Null);
    assert_eq!(by_then["date"]["latest"], "1840-03-31");
    // The schema is the one in the binary, and a graph breaking it is caught.
    let mut broken = graph.clone();
    broken["quotes"][0]["speaker"] = Value::from(7);
    assert!(!validator.is_valid(&broken));
}

#[test]
fn the_timeline_is_in_timelinejs_format_at_each_dates_precision() {
    let (_tmp, out) = build(&fixture("core"), false);
    let t = json(&out, "timeline.json");
    assert_eq!(t["title"]["text"]["headline"], "Core fixture");
    let events = t["events"].as_array().unwrap();
    let event = |id: &str| {
        events
            .iter()
            .find(|e| e["unique_id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let years = event("engine-years");
    assert_eq!(years["start_date"], serde_json::json!({ "year": 1834 }));
    assert_eq!(years["end_date"], serde_json::json!({ "year": 1871 }));
    assert_eq!(years["group"], "Charles Babbage");
    assert_eq!(
        years["text"]["headline"],
        "Babbage works on the Analytical Engine"
    );
    let by_then = event("by-then");
    assert_eq!(
        by_then["start_date"],
        serde_json::json!({ "year": 1840, "month": 3 })
    );
    assert!(by_then.get("end_date").is_none());
    assert_eq!(by_then["display_date"], "by March 1840");
    let afterwards = event("afterwards");
    assert_eq!(
        afterwards["start_date"],
        serde_json::json!({ "year": 1871, "month": 10 })
    );
    assert!(afterwards.get("end_date").is_none());
    for e in events {
        let text = e["text"]["text"].as_str().unwrap();
        assert!(text.contains("https://example.org/sub/events/"), "{text}");
    }
}

#[test]
fn every_claim_is_a_claim_review_with_its_status_rated() {
    let (_tmp, out) = build(&fixture("core"), false);
    let c = json(&out, "claims.json");
    assert_eq!(c["@context"], "https://schema.org");
    let reviews = c["@graph"].as_array().unwrap();
    let graph = json(&out, "graph.json");
    assert_eq!(reviews.len(), graph["claims"].as_array().unwrap().len());
    let algebraic = reviews
        .iter()
        .find(|r| r["url"] == "https://example.org/sub/briefings/alpha/#claim-algebraic")
        .expect("the claim is reviewed");
    assert_eq!(algebraic["@type"], "ClaimReview");
    assert_eq!(algebraic["claimReviewed"], "algebraic");
    assert_eq!(algebraic["reviewRating"]["ratingValue"], 4);
    assert_eq!(algebraic["reviewRating"]["alternateName"], "Supported");
    assert_eq!(algebraic["itemReviewed"]["@type"], "Claim");
    assert_eq!(algebraic["itemReviewed"]["author"]["name"], "Ada Lovelace");
    assert_eq!(
        algebraic["itemReviewed"]["appearance"]["url"],
        "https://example.org/sub/briefings/alpha/#claim-algebraic"
    );
    let disputed = reviews
        .iter()
        .find(|r| r["claimReviewed"] == "less than $17 billion")
        .unwrap();
    assert_eq!(disputed["reviewRating"]["ratingValue"], 3);
    for r in reviews {
        let rating = &r["reviewRating"];
        assert_eq!(
            (
                rating["worstRating"].as_u64(),
                rating["bestRating"].as_u64()
            ),
            (Some(1), Some(4))
        );
    }
}

#[test]
fn exports_are_the_same_bytes_from_the_same_sources() {
    let (_a, one) = build(&fixture("core"), false);
    let (_b, two) = build(&fixture("core"), false);
    for path in [
        "graph.json",
        "graph.schema.json",
        "timeline.json",
        "claims.json",
        "briefings/alpha/annotations.jsonld",
    ] {
        assert_eq!(read(&one, path), read(&two, path), "{path}");
    }
}

#[test]
fn a_sub_path_build_keeps_every_link_asset_feed_and_export_inside_it() {
    // The core fixture is published at https://example.org/sub/.
    let (_tmp, out) = build(&fixture("core"), false);
    let files = common::snapshot(&out);
    assert!(files.contains_key("graph.json") && files.contains_key("atom.xml"));
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for attr in ["href=\"/", "src=\"/", "action=\"/"] {
            for (at, _) in text.match_indices(attr) {
                let rest = &text[at + attr.len()..];
                assert!(
                    rest.starts_with("sub/"),
                    "{path}: {}",
                    &text[at..(at + 60).min(text.len())]
                );
            }
        }
        for (at, _) in text.match_indices("https://example.org/") {
            let rest = &text[at + "https://example.org/".len()..];
            assert!(
                rest.starts_with("sub/"),
                "{path}: {}",
                &text[at..(at + 60).min(text.len())]
            );
        }
    }
}

#[test]
fn serve_serves_the_annotations_and_exports_a_build_writes() {
    let (_tmp, out) = build(&fixture("core"), false);
    let mut cache = gloss::BuildCache::default();
    let served = gloss::build_on_demand(
        &fixture("core"),
        None,
        false,
        &mut cache,
        &gloss::load::Changes::Unknown,
    )
    .unwrap();
    for path in [
        "briefings/alpha/annotations.jsonld",
        "briefings/beta/annotations.jsonld",
        "graph.json",
        "graph.schema.json",
        "timeline.json",
        "claims.json",
    ] {
        assert!(served.site.has(path), "{path}");
        let bytes = served.site.file(path).unwrap().unwrap();
        assert_eq!(
            std::str::from_utf8(&bytes).unwrap(),
            read(&out, path),
            "{path}"
        );
    }
    assert!(!served.site.has("briefings/nowhere/annotations.jsonld"));
    assert!(
        served
            .site
            .file("briefings/nowhere/annotations.jsonld")
            .is_none()
    );
}
