//! gloss turns annotated briefings into a static site.
//!
//! The data flows one way: **load** reads `site.toml`, the briefings, their sidecars and the
//! actor registry into plain data that remembers where every value came from; **resolve**
//! anchors each annotation in its briefing's text, links ids and merges events into the site
//! model, collecting every problem rather than stopping at the first; **render** turns the
//! model into pages (Markdown with `<mark>` pieces, then templates), touching no disk; and
//! **write** swaps the pages into the output folder atomically.

#![warn(missing_docs, unreachable_pub)]

pub mod diagnostics;
pub mod config;
pub mod load;
pub mod markdown;
pub mod resolve;
