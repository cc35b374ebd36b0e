//! Whole-site tests on the `meta` fixture (tests/sites/meta): the JSON-LD of every page
//! (it parses, each node has its type's required properties, the values are exact), the
//! Open Graph and Twitter meta (escaped), the Atom feeds of the site, each tag and each
//! actor (parsed strictly, with every element Atom requires), and the text fragments of
//! the links to quote and claim sources.

mod common;

use std::collections::BTreeMap;

use common::{build, fixture, read, snapshot, write};
use serde_json::Value;

const JSON_LD_OPEN: &str = "<script type=\"application/ld+json\">";

/// The one JSON-LD block of a page, parsed; panics unless there is exactly one.
fn json_ld(path: &str, html: &str) -> Value {
    assert_eq!(
        html.matches(JSON_LD_OPEN).count(),
        1,
        "{path}: one JSON-LD block"
    );
    let start = html.find(JSON_LD_OPEN).expect("counted above") + JSON_LD_OPEN.len();
    let len = html[start..].find("</script>").expect("the script ends");
    let text = &html[start..start + len];
    assert!(
        !text.contains('<') && !text.contains('>') && !text.contains('&'),
        "{path}: `<`, `>` and `&` are escaped in the JSON-LD: {text}"
    );
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{path}: JSON-LD does not parse: {e}"))
}

/// The nodes of a graph.
fn nodes(v: &Value) -> &[Value] {
    assert_eq!(v["@context"], "https://schema.org");
    v["@graph"].as_array().expect("an @graph list")
}

/// The nodes of type `kind`.
fn of_type<'a>(v: &'a Value, kind: &str) -> Vec<&'a Value> {
    nodes(v).iter().filter(|n| n["@type"] == kind).collect()
}

fn has_str(n: &Value, field: &str) -> bool {
    n[field].as_str().is_some_and(|s| !s.is_empty())
}

/// An agent reference: a type, a name, and for actors a page.
fn check_agent(n: &Value, ctx: &str) {
    let kind = n["@type"].as_str().unwrap_or_default();
    assert!(
        ["Person", "Organization", "Country"].contains(&kind),
        "{ctx}: agent type {kind}"
    );
    assert!(has_str(n, "name"), "{ctx}: agent without a name: {n}");
}

/// Checks the properties each type of node must have.
fn check_required(path: &str, n: &Value) {
    let kind = n["@type"].as_str().expect("every node has a @type");
    let ctx = format!("{path}: {kind}");
    let need = |fields: &[&str]| {
        for f in fields {
            assert!(!n[*f].is_null(), "{ctx} lacks `{f}`: {n}");
        }
    };
    match kind {
        "WebSite" => need(&["@id", "name", "url"]),
        "CollectionPage" | "WebPage" => need(&["name", "url", "isPartOf"]),
        "NewsArticle" | "AnalysisNewsArticle" | "OpinionNewsArticle" => {
            need(&["headline", "datePublished", "author", "url", "publisher"]);
            for a in n["author"].as_array().expect("authors") {
                check_agent(a, &ctx);
            }
            for a in n["mentions"].as_array().into_iter().flatten() {
                check_agent(a, &ctx);
                assert!(has_str(a, "url"), "{ctx}: a mention links its page");
            }
        }
        "Person" | "Organization" | "Country" => need(&["name", "url"]),
        "Event" => {
            need(&["name", "url"]);
            assert!(
                has_str(n, "startDate") || has_str(n, "endDate"),
                "{ctx}: a date"
            );
        }
        "Quotation" => {
            need(&["text", "spokenByCharacter", "creator", "url"]);
            check_agent(&n["spokenByCharacter"], &ctx);
            assert!(has_str(&n["spokenByCharacter"], "url"));
            assert_eq!(n["spokenByCharacter"], n["creator"]);
            assert!(n["url"].as_str().unwrap().contains("#quote-"));
        }
        "ClaimReview" => {
            need(&[
                "claimReviewed",
                "reviewRating",
                "itemReviewed",
                "author",
                "url",
            ]);
            let r = &n["reviewRating"];
            assert_eq!(r["@type"], "Rating");
            for f in ["bestRating", "worstRating"] {
                assert!(r[f].is_u64(), "{ctx}: rating {f}");
            }
            // Every status but `unverified` (not rated yet) has its value.
            assert!(
                r["ratingValue"].is_u64() || r["alternateName"] == "Unverified",
                "{ctx}: ratingValue"
            );
            assert!(has_str(r, "alternateName"));
            assert_eq!(n["itemReviewed"]["@type"], "Claim");
            let appearance = n["itemReviewed"]["appearance"]["url"].as_str().unwrap();
            assert!(appearance.contains("#claim-"), "{ctx}");
            assert_eq!(n["author"]["@type"], "Organization");
        }
        other => panic!("{path}: unexpected node type {other}"),
    }
}

#[test]
fn every_page_has_one_json_ld_graph_with_the_required_properties() {
    let (_tmp, out) = build(&fixture("meta"), false);
    let files = snapshot(&out);
    let mut pages = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).expect("utf-8");
        let v = json_ld(path, &html);
        assert_eq!(of_type(&v, "WebSite").len(), 1, "{path}: the site");
        for n in nodes(&v) {
            check_required(path, n);
        }
        pages += 1;
    }
    assert!(pages > 20, "{pages} pages");
}

#[test]
fn a_briefing_graph_holds_its_article_events_quotes_and_claims() {
    let (_tmp, out) = build(&fixture("meta"), false);
    let v = json_ld("one", &read(&out, "briefings/one/index.html"));
    let base = "https://example.org/news/";
    let article = of_type(&v, "AnalysisNewsArticle");
    assert_eq!(article.len(), 1);
    let a = article[0];
    assert_eq!(a["headline"], "Tom & Jerry's \"<Big>\" day");
    assert_eq!(a["description"], "Summary with </script> & \"quotes\"");
    assert_eq!(a["datePublished"], "2025-09-05");
    assert_eq!(a["url"], format!("{base}briefings/one/"));
    assert_eq!(
        a["author"],
        serde_json::json!([
            { "@type": "Person", "name": "Jane Roe" },
            { "@type": "Person", "name": "John Doe" }
        ])
    );
    assert_eq!(a["isBasedOn"]["url"], "https://news.example.com/story?id=1");
    assert_eq!(a["isBasedOn"]["publisher"]["name"], "Daily Planet");
    assert_eq!(a["isBasedOn"]["publisher"]["@type"], "Organization");
    let mentions: Vec<(&str, &str)> = a["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["@type"].as_str().unwrap(), m["url"].as_str().unwrap()))
        .collect();
    assert!(mentions.contains(&("Person", "https://example.org/news/actors/ada/")));
    assert!(mentions.contains(&("Organization", "https://example.org/news/actors/acme/")));
    assert!(mentions.contains(&("Country", "https://example.org/news/actors/freedonia/")));

    let events: Vec<(&Value, &Value, &Value)> = of_type(&v, "Event")
        .into_iter()
        .map(|e| (&e["name"], &e["startDate"], &e["endDate"]))
        .collect();
    assert_eq!(
        events,
        [
            (&"The founding".into(), &"2024".into(), &Value::Null),
            (&"Ready by spring".into(), &Value::Null, &"2025-03".into()),
            (
                &"The summit".into(),
                &"2025-09-03".into(),
                &"2025-09-09".into()
            ),
        ]
    );

    let quotes = of_type(&v, "Quotation");
    assert_eq!(quotes.len(), 2);
    let q = quotes[0];
    assert_eq!(q["text"], "well-known, cats & dogs – naïve");
    assert_eq!(q["url"], format!("{base}briefings/one/#quote-cats"));
    assert_eq!(
        q["spokenByCharacter"],
        serde_json::json!({
            "@type": "Person",
            "name": "Ada Lovelace",
            "url": "https://example.org/news/actors/ada/"
        })
    );
    assert_eq!(q["dateCreated"], "2025-09-03");

    let claims = of_type(&v, "ClaimReview");
    assert_eq!(claims.len(), 2);
    let c = claims[0];
    assert_eq!(c["claimReviewed"], "100% of #1 fans agree");
    assert_eq!(c["url"], format!("{base}briefings/one/#claim-fans"));
    assert_eq!(
        c["reviewRating"],
        serde_json::json!({
            "@type": "Rating", "ratingValue": 3, "bestRating": 4, "worstRating": 1,
            "alternateName": "Disputed"
        })
    );
    assert_eq!(
        c["itemReviewed"]["appearance"]["url"],
        format!("{base}briefings/one/#claim-fans")
    );
    assert_eq!(c["itemReviewed"]["author"][0]["name"], "Acme Guild");
    assert_eq!(c["author"]["name"], "Meta fixture");
    assert_eq!(claims[1]["reviewRating"]["ratingValue"], 1);
    assert_eq!(claims[1]["reviewRating"]["alternateName"], "False");

    // The article's type follows its source's kind.
    let two = json_ld("two", &read(&out, "briefings/two/index.html"));
    assert_eq!(of_type(&two, "OpinionNewsArticle").len(), 1);
    let three = json_ld("three", &read(&out, "briefings/three/index.html"));
    assert_eq!(of_type(&three, "NewsArticle").len(), 1);
    // No authors: the site is the author.
    assert_eq!(
        of_type(&three, "NewsArticle")[0]["author"][0]["@type"],
        "Organization"
    );
}

#[test]
fn actor_event_and_index_pages_describe_their_subject() {
    let (_tmp, out) = build(&fixture("meta"), false);
    let ada = json_ld("ada", &read(&out, "actors/ada/index.html"));
    let p = of_type(&ada, "Person");
    assert_eq!(p.len(), 1);
    assert_eq!(p[0]["name"], "Ada Lovelace");
    assert_eq!(p[0]["url"], "https://example.org/news/actors/ada/");
    assert_eq!(
        p[0]["sameAs"],
        serde_json::json!([
            "https://www.wikidata.org/wiki/Q7259",
            "https://en.wikipedia.org/wiki/Ada_Lovelace"
        ])
    );
    assert_eq!(p[0]["alternateName"], serde_json::json!(["Lovelace"]));
    let acme = json_ld("acme", &read(&out, "actors/acme/index.html"));
    assert_eq!(of_type(&acme, "Organization")[0]["name"], "Acme Guild");
    let fr = json_ld("freedonia", &read(&out, "actors/freedonia/index.html"));
    assert_eq!(of_type(&fr, "Country")[0]["name"], "Freedonia");

    let summit = json_ld("summit", &read(&out, "events/summit/index.html"));
    let e = of_type(&summit, "Event");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0]["startDate"], "2025-09-03");
    assert_eq!(e[0]["endDate"], "2025-09-09");
    assert_eq!(e[0]["location"]["name"], "Fredonia City");

    let home = json_ld("home", &read(&out, "index.html"));
    let site = of_type(&home, "WebSite");
    assert_eq!(site[0]["url"], "https://example.org/news/");
    assert_eq!(
        site[0]["potentialAction"]["target"],
        "https://example.org/news/search/?q={search_term_string}"
    );
    assert_eq!(nodes(&home).len(), 1);
    for page in [
        "actors/index.html",
        "tags/alpha/index.html",
        "timeline/index.html",
    ] {
        let v = json_ld(page, &read(&out, page));
        assert_eq!(of_type(&v, "CollectionPage").len(), 1, "{page}");
    }
}

#[test]
fn social_cards_are_on_every_page_and_escaped() {
    let (_tmp, out) = build(&fixture("meta"), false);
    let one = read(&out, "briefings/one/index.html");
    let title = "Tom &amp; Jerry&#39;s &quot;&lt;Big&gt;&quot; day";
    let summary = "Summary with &lt;/script&gt; &amp; &quot;quotes&quot;";
    for line in [
        format!("<meta property=\"og:title\" content=\"{title}\">"),
        format!("<meta property=\"og:description\" content=\"{summary}\">"),
        "<meta property=\"og:type\" content=\"article\">".to_string(),
        "<meta property=\"og:url\" content=\"https://example.org/news/briefings/one/\">"
            .to_string(),
        "<meta property=\"og:site_name\" content=\"Meta fixture\">".to_string(),
        "<meta property=\"article:published_time\" content=\"2025-09-05\">".to_string(),
        "<meta property=\"article:tag\" content=\"Alpha\">\n<meta property=\"article:tag\" content=\"beta-gamma\">".to_string(),
        "<meta name=\"twitter:card\" content=\"summary\">".to_string(),
        format!("<meta name=\"twitter:title\" content=\"{title}\">"),
        format!("<meta name=\"twitter:description\" content=\"{summary}\">"),
    ] {
        assert!(one.contains(&line), "briefing lacks {line}");
    }
    // Without a summary, the site's description.
    let site_description =
        "A fixture for structured data, social cards, feeds &amp; text fragments.";
    let three = read(&out, "briefings/three/index.html");
    assert!(three.contains(&format!(
        "<meta property=\"og:description\" content=\"{site_description}\">"
    )));
    assert!(!three.contains("article:tag"));
    let home = read(&out, "index.html");
    for line in [
        "<meta property=\"og:type\" content=\"website\">",
        "<meta property=\"og:url\" content=\"https://example.org/news/\">",
        "<meta property=\"og:title\" content=\"Meta fixture\">",
    ] {
        assert!(home.contains(line), "home lacks {line}");
    }
    for (path, bytes) in snapshot(&out) {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).expect("utf-8");
            for p in [
                "og:title",
                "og:type",
                "og:url",
                "og:site_name",
                "twitter:card",
            ] {
                assert!(html.contains(p), "{path} lacks {p}");
            }
        }
    }
}

#[test]
fn source_links_open_the_original_at_the_words() {
    let (_tmp, out) = build(&fixture("meta"), false);
    let one = read(&out, "briefings/one/index.html");
    for href in [
        // A quote's text: `-`, `,`, `&`, spaces and non-ASCII escaped.
        "https://src.example.com/a#:~:text=well%2Dknown%2C%20cats%20%26%20dogs%20%E2%80%93%20na%C3%AFve",
        // A translated quote: its original words, after the address's own fragment.
        "https://src.example.com/b#sec-2:~:text=otro%20d%C3%ADa%2C%20m%C3%A1s",
        // A claim's text: `%` and `#` escaped.
        "https://check.example.com/fans#:~:text=100%25%20of%20%231%20fans%20agree",
    ] {
        assert!(one.contains(&format!("href=\"{href}\"")), "lacks {href}");
    }
    // The briefing's own source is linked as written.
    assert!(one.contains("href=\"https://news.example.com/story?id=1\""));
    // The quotes page links the same way.
    let quotes = read(&out, "quotes/index.html");
    assert!(quotes.contains("https://src.example.com/a#:~:text=well%2Dknown%2C%20cats"));
}

/// The text of the one child `name` of `node` (Atom namespace).
fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    node.children()
        .filter(|c| c.is_element() && c.tag_name().name() == name)
        .collect()
}

fn one_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str, ctx: &str) -> &'a str {
    let c = child(node, name);
    assert_eq!(c.len(), 1, "{ctx}: one <{name}>");
    c[0].text()
        .unwrap_or_else(|| panic!("{ctx}: <{name}> is empty"))
}

fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
}

/// A feed, checked strictly: well-formed XML in the Atom namespace with every element
/// RFC 4287 requires of a feed and of its entries. Returns each entry's (id, content).
fn check_feed(path: &str, xml: &str, base: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{path}: {e}"));
    let feed = doc.root_element();
    const ATOM: &str = "http://www.w3.org/2005/Atom";
    assert_eq!(feed.tag_name().name(), "feed", "{path}");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM), "{path}");
    for d in feed.descendants().filter(|d| d.is_element()) {
        assert_eq!(d.tag_name().namespace(), Some(ATOM), "{path}: {d:?}");
    }
    assert!(!one_text(feed, "title", path).is_empty());
    let id = one_text(feed, "id", path);
    assert!(id.starts_with(base), "{path}: id {id}");
    assert!(is_rfc3339(one_text(feed, "updated", path)), "{path}");
    let author = child(feed, "author");
    assert_eq!(author.len(), 1, "{path}: a feed author");
    assert!(!one_text(author[0], "name", path).is_empty());
    let links = child(feed, "link");
    let self_link: Vec<_> = links
        .iter()
        .filter(|l| l.attribute("rel") == Some("self"))
        .collect();
    assert_eq!(self_link.len(), 1, "{path}: one rel=self");
    assert_eq!(
        self_link[0].attribute("href"),
        Some(format!("{base}{path}").as_str()),
        "{path}: rel=self is the feed's own address"
    );
    let entries = child(feed, "entry");
    assert!(entries.len() <= 20, "{path}: at most 20 entries");
    let mut out = Vec::new();
    let mut last = String::from("9999");
    for e in entries {
        let ctx = format!("{path} entry");
        let id = one_text(e, "id", &ctx).to_string();
        assert!(!one_text(e, "title", &ctx).is_empty());
        let updated = one_text(e, "updated", &ctx);
        assert!(is_rfc3339(updated), "{ctx}");
        assert!(updated <= last.as_str(), "{path}: newest first");
        last = updated.to_string();
        let alternate = child(e, "link")
            .into_iter()
            .find(|l| l.attribute("rel") == Some("alternate"))
            .expect("an alternate link");
        assert_eq!(alternate.attribute("href"), Some(id.as_str()));
        let content = child(e, "content");
        assert_eq!(content.len(), 1, "{ctx}: content");
        assert_eq!(content[0].attribute("type"), Some("html"));
        out.push((id, content[0].text().unwrap_or_default().to_string()));
    }
    out
}

#[test]
fn every_feed_is_valid_atom_with_the_annotated_text() {
    let (_tmp, out) = build(&fixture("meta"), false);
    let base = "https://example.org/news/";
    let files = snapshot(&out);
    let feeds: BTreeMap<&str, Vec<(String, String)>> = files
        .iter()
        .filter(|(p, _)| p.ends_with("atom.xml"))
        .map(|(p, b)| {
            let xml = std::str::from_utf8(b).expect("utf-8");
            (p.as_str(), check_feed(p, xml, base))
        })
        .collect();
    let ids = |path: &str| -> Vec<&str> {
        feeds[path]
            .iter()
            .map(|(id, _)| id.strip_prefix(base).unwrap())
            .collect()
    };
    assert_eq!(
        feeds.keys().copied().collect::<Vec<_>>(),
        [
            "actors/acme/atom.xml",
            "actors/ada/atom.xml",
            "actors/freedonia/atom.xml",
            "atom.xml",
            "tags/alpha/atom.xml",
            "tags/beta-gamma/atom.xml",
        ],
        "bob is only quoted about: no feed"
    );
    let (one, two, three) = ("briefings/one/", "briefings/two/", "briefings/three/");
    assert_eq!(ids("atom.xml"), [one, two, three]);
    assert_eq!(ids("tags/alpha/atom.xml"), [one, two]);
    assert_eq!(ids("tags/beta-gamma/atom.xml"), [one]);
    assert_eq!(ids("actors/ada/atom.xml"), [one, three]);
    assert_eq!(ids("actors/acme/atom.xml"), [one, two]);
    assert_eq!(ids("actors/freedonia/atom.xml"), [one, three]);
    // The content is the annotated HTML of the briefing page, unescaped by the parser.
    let page = read(&out, "briefings/one/index.html");
    let content = &feeds["actors/ada/atom.xml"][0].1;
    assert!(content.contains("<mark id=\"quote-cats\" data-ann=\"quote:cats\""));
    assert!(
        page.contains(content.trim()),
        "feed content is the page's text"
    );
    // Feeds are linked from their pages.
    let link = |title: &str, path: &str| {
        format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{title} · Meta fixture\" href=\"/news/{path}\">"
        )
    };
    let tag_page = read(&out, "tags/alpha/index.html");
    assert!(tag_page.contains(&link("Alpha", "tags/alpha/atom.xml")));
    let ada = read(&out, "actors/ada/index.html");
    assert!(ada.contains(&link("Ada Lovelace", "actors/ada/atom.xml")));
    assert!(!read(&out, "actors/bob/index.html").contains("actors/bob/atom.xml"));
    for (title, path) in [
        ("Alpha", "tags/alpha/atom.xml"),
        ("beta-gamma", "tags/beta-gamma/atom.xml"),
        ("Ada Lovelace", "actors/ada/atom.xml"),
        ("Acme Guild", "actors/acme/atom.xml"),
        ("Freedonia", "actors/freedonia/atom.xml"),
    ] {
        assert!(page.contains(&link(title, path)), "briefing links {path}");
    }
}

#[test]
fn the_site_feed_holds_the_twenty_newest_and_a_tag_or_actor_feed_the_ten_newest() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path();
    write(
        root,
        "site.toml",
        "title = \"Many\"\nbase_url = \"https://example.org/\"\n",
    );
    write(root, "content/actors/ada.yaml", "name: Ada\nkind: person\n");
    for i in 1..=25 {
        write(
            root,
            &format!("content/briefings/b{i:02}.md"),
            &format!("---\ntitle: B{i}\ndate: 2025-01-{i:02}\ntags: [many]\n---\nAda wrote {i}.\n"),
        );
    }
    let (_out_tmp, out) = build(root, false);
    let newest = |n: usize| -> Vec<String> {
        (26 - n..=25)
            .rev()
            .map(|i| format!("https://example.org/briefings/b{i:02}/"))
            .collect()
    };
    for (path, n) in [
        ("atom.xml", 20),
        ("tags/many/atom.xml", 10),
        ("actors/ada/atom.xml", 10),
    ] {
        let entries = check_feed(path, &read(&out, path), "https://example.org/");
        let ids: Vec<String> = entries.into_iter().map(|(id, _)| id).collect();
        assert_eq!(ids, newest(n), "{path}");
    }
}

#[test]
fn the_output_is_deterministic() {
    let (_a, one) = build(&fixture("meta"), false);
    let (_b, two) = build(&fixture("meta"), false);
    assert!(snapshot(&one) == snapshot(&two));
}
