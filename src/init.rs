//! `gloss init DIR`: a new site with one example briefing, ready to build and serve.

use std::fs;
use std::io;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "site.toml",
        r#"title = "My Briefings"
base_url = "https://example.org"
description = "Annotated briefings."
language = "en"

[annotations]
link_mentions = "first"

[markdown]
smart_punctuation = true
"#,
    ),
    (
        "content/index.md",
        r#"---
title: My Briefings
---
Briefings with their actors, quotes, claims and events annotated.
"#,
    ),
    (
        "content/briefings/first-briefing.md",
        r#"---
title: A first briefing
date: 2025-09-03
summary: What gloss does with an annotated article.
tags: [example]
---
Ada Lovelace wrote that the engine "might act upon other things besides number".

## What to annotate

Quotes, claims, notes and events in a sidecar file are anchored to these words.
"#,
    ),
    (
        "content/briefings/first-briefing.yaml",
        r#"quotes:
  - speaker: ada-lovelace
    text: "might act upon other things besides number"
    said: 1843

events:
  - id: notes-published
    date: 1843
    title: Lovelace's notes on the Analytical Engine are published
    actors: [ada-lovelace]
    text: "Ada Lovelace wrote"

notes:
  - text: "sidecar file"
    note: "A YAML file beside the briefing, with the same name."
"#,
    ),
    (
        "content/actors/ada-lovelace.yaml",
        r#"name: Ada Lovelace
kind: person
role: Mathematician
aliases: [Lovelace]
affiliations: [analytical-engine-project]
"#,
    ),
    (
        "content/actors/analytical-engine-project.yaml",
        r#"name: Analytical Engine project
kind: group
"#,
    ),
];

/// Creates a new site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> io::Result<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is not empty; gloss init only writes into a new or empty folder",
                dir.display()
            ),
        ));
    }
    for (path, text) in FILES {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, text)?;
    }
    Ok(())
}
