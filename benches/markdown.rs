//! Micro-benchmarks of Markdown rendering ([`render_html`]) on a ~900-word article: with
//! no decorations, with 20 `<mark>` decorations over words of its text (as the site's
//! annotations are), and with one 10-line fenced `python` block highlighted by syntect.
//! The [`Highlighter`] is built and warmed once outside the timed loop, so loading
//! syntect's syntaxes is not measured.
//!
//! Run with:
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/crit-target cargo bench --bench markdown -- --quick
//! ```

mod common;

use std::hint::black_box;
use std::ops::Range;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gloss::markdown::{Decoration, Element, Highlighter, MarkdownOptions, PlainText, render_html};

const PYTHON: &str = r#"```python
import json
from pathlib import Path


def load_claims(folder: Path) -> list[dict]:
    """Every claim of a folder of sidecars, newest first."""
    claims = [json.loads(p.read_text()) for p in folder.glob("*.json")]
    # Sidecars without a date sort last.
    claims.sort(key=lambda c: c.get("date", ""), reverse=True)
    return [c for c in claims if c.get("status") != "retracted"]
```"#;

/// `count` marks spread over the text, each over three words of one block (anchors never
/// cross blocks), built the way the site builds its annotations' marks (`data-ann`,
/// `class`, `title`, and an `id` on the first piece).
fn marks(plain: &PlainText, count: usize) -> Vec<Decoration> {
    let text = plain.as_str();
    // Every word: its block and its bytes.
    let mut words: Vec<(usize, Range<usize>)> = Vec::new();
    for (block, range) in plain.blocks().iter().enumerate() {
        let mut start = None;
        let chars = text[range.clone()]
            .char_indices()
            .chain([(range.len(), ' ')]);
        for (i, c) in chars {
            match (c.is_whitespace(), start) {
                (true, Some(s)) => {
                    words.push((block, range.start + s..range.start + i));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
    }
    let step = words.len() / count;
    let kinds = ["quote", "claim", "note", "event"];
    (0..count)
        .map(|n| {
            let mut at = n * step;
            while words[at].0 != words[at + 2].0 {
                at += 1;
            }
            let kind = kinds[n % kinds.len()];
            let id = format!("a{n}");
            Decoration {
                range: words[at].1.start..words[at + 2].1.end,
                element: Element::Mark,
                attrs: vec![
                    ("data-ann".to_string(), format!("{kind}:{id}")),
                    ("class".to_string(), format!("ann ann-{kind}")),
                    (
                        "title".to_string(),
                        format!("Note: number {n} of the briefing"),
                    ),
                ],
                first_attrs: vec![("id".to_string(), format!("{kind}-{id}"))],
                inner: None,
                after: None,
            }
        })
        .collect()
}

fn rendering(c: &mut Criterion) {
    let opts = MarkdownOptions::default();
    let article = common::article();

    let plain = PlainText::new(&article, &opts);
    let decorations = marks(&plain, 20);

    // The article with the code block after its third paragraph.
    let mut blocks: Vec<&str> = article.split("\n\n").collect();
    blocks.insert(3, PYTHON);
    let with_code = blocks.join("\n\n");

    let highlighter = Highlighter::new();
    let warm = render_html(&with_code, &opts, &[], &highlighter);
    assert!(
        warm.contains("class=\"hl-"),
        "the python block is not highlighted"
    );
    let marked = render_html(&article, &opts, &decorations, &highlighter);
    assert!(
        marked.matches("data-ann=").count() >= decorations.len(),
        "a decoration was not rendered"
    );

    let mut group = c.benchmark_group("render_html");
    group.throughput(Throughput::Bytes(article.len() as u64));
    group.bench_function("no_decorations", |b| {
        b.iter(|| render_html(black_box(&article), &opts, &[], &highlighter))
    });
    group.bench_function("20_marks", |b| {
        b.iter(|| {
            render_html(
                black_box(&article),
                &opts,
                black_box(&decorations),
                &highlighter,
            )
        })
    });
    group.throughput(Throughput::Bytes(with_code.len() as u64));
    group.bench_function("python_block", |b| {
        b.iter(|| render_html(black_box(&with_code), &opts, &[], &highlighter))
    });
    group.finish();
}

criterion_group!(benches, rendering);
criterion_main!(benches);
