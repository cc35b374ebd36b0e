//! Micro-benchmarks of anchoring: building the reader's text of a ~900-word article
//! ([`PlainText::new`]), normalising it once ([`AnchorIndex::new`]), finding ten selectors
//! that each match once ([`AnchorIndex::find`]), and one selector that matches nowhere,
//! whose `find` falls back on the nearest-passage search: what a drifted anchor costs.
//!
//! Run with:
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/crit-target cargo bench --bench anchor -- --quick
//! ```

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gloss::markdown::{MarkdownOptions, PlainText};
use gloss::resolve::anchor::{AnchorError, AnchorIndex, Selector};

/// Eight-word stretches of the reader's text, one from each of the first blocks where
/// such a stretch occurs only once, until there are `count`.
fn unique_passages(plain: &PlainText, index: &AnchorIndex, count: usize) -> Vec<String> {
    let text = plain.as_str();
    let mut passages = Vec::new();
    for block in plain.blocks() {
        let words: Vec<&str> = text[block.clone()].split_whitespace().collect();
        for start in (2..words.len().saturating_sub(8)).step_by(5) {
            let passage = words[start..start + 8].join(" ");
            let sel = Selector {
                text: &passage,
                ..Default::default()
            };
            if index.find(&sel).is_ok() {
                passages.push(passage);
                break;
            }
        }
        if passages.len() == count {
            break;
        }
    }
    assert_eq!(
        passages.len(),
        count,
        "too few unique passages in the article"
    );
    passages
}

fn anchoring(c: &mut Criterion) {
    let markdown = common::article();
    let opts = MarkdownOptions::default();
    let plain = PlainText::new(&markdown, &opts);
    let index = AnchorIndex::new(&plain);

    let passages = unique_passages(&plain, &index, 10);
    let selectors: Vec<Selector<'_>> = passages
        .iter()
        .map(|text| Selector {
            text,
            ..Default::default()
        })
        .collect();

    // A drifted anchor: the first passage, with a word added that the article never uses.
    let mut drifted: Vec<&str> = passages[0].split(' ').collect();
    drifted.insert(2, "reportedly");
    let drifted = drifted.join(" ");
    let missing = Selector {
        text: &drifted,
        ..Default::default()
    };
    match index.find(&missing) {
        Err(AnchorError::NotFound { nearest: Some(_) }) => {}
        other => panic!("the drifted selector should miss with a nearest passage: {other:?}"),
    }

    let mut group = c.benchmark_group("anchor");
    group.throughput(Throughput::Bytes(markdown.len() as u64));
    group.bench_function("plain_text_new", |b| {
        b.iter(|| PlainText::new(black_box(&markdown), black_box(&opts)))
    });
    group.throughput(Throughput::Bytes(plain.as_str().len() as u64));
    group.bench_function("anchor_index_new", |b| {
        b.iter(|| AnchorIndex::new(black_box(&plain)))
    });
    group.throughput(Throughput::Elements(selectors.len() as u64));
    group.bench_function("find_10_unique", |b| {
        b.iter(|| {
            for sel in &selectors {
                let _ = black_box(index.find(black_box(sel)));
            }
        })
    });
    group.throughput(Throughput::Elements(1));
    group.bench_function("find_not_found_nearest", |b| {
        b.iter(|| index.find(black_box(&missing)))
    });
    group.finish();
}

criterion_group!(benches, anchoring);
criterion_main!(benches);
