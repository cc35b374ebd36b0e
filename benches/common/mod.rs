//! The article both micro-benchmarks (`anchor.rs`, `markdown.rs`) work on: about 900 words
//! of news-like Markdown, the same every run.
//!
//! Sentences are put together from fixed phrases by a small seeded generator, so the text
//! repeats itself as briefings do (the same names, the same stock phrases) while most
//! stretches of eight words still occur once. The Markdown holds what sidecars are written
//! against: `*emphasis*`, `[links](https://example.org/...)`, inline `code`, straight quotes,
//! apostrophes and `--` that smart punctuation turns into curly quotes and dashes, a few
//! typed curly quotes, and `##` headings.

/// A xorshift generator: enough to vary the phrases, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SPEAKERS: &[&str] = &[
    "the minister",
    "the envoy",
    "Senator Alvarez",
    "the spokeswoman",
    "officials",
    "the governor",
    "two analysts",
    "the ambassador",
    "negotiators",
    "Rubio",
    "the mayor of Monterrey",
    "a senior aide",
];

/// Speakers with an office of their own, for "X's office said".
const OFFICES: &[&str] = &[
    "the minister",
    "Senator Alvarez",
    "the governor",
    "Rubio",
    "the mayor of Monterrey",
    "the ambassador",
];

const VERBS: &[&str] = &[
    "said",
    "warned",
    "announced",
    "denied",
    "confirmed",
    "suggested",
    "insisted",
    "argued",
    "acknowledged",
    "told reporters",
];

const SUBJECTS: &[&str] = &[
    "the ceasefire",
    "the tariff package",
    "the border agreement",
    "the cartel crackdown",
    "the runoff election",
    "the emergency budget",
    "the corruption investigation",
    "the governing coalition",
    "the trade talks",
    "the new sanctions",
    "the refinery expansion",
    "the port concession",
    "the gas pipeline",
    "the parliamentary inquiry",
    "the dockworkers' strike",
];

const PREDICATES: &[&str] = &[
    "would hold until spring",
    "had stalled over funding",
    "was likely to collapse within a month",
    "could be signed within weeks",
    "faced fresh opposition in Congress",
    "remained under review by the courts",
    "had cost far more than expected",
    "was never formally approved",
    "would be extended for another year",
    "depended on Mexico's cooperation",
    "had quietly been rewritten",
    "was the price of keeping the coalition together",
];

const WHEN: &[&str] = &[
    "on Tuesday",
    "late on Friday",
    "in Brasília",
    "in a statement",
    "at a briefing in Washington",
    "after the vote",
    "during a visit to Bogotá",
    "on Monday night",
    "in an interview",
    "before the summit",
    "over the weekend",
];

const SOURCES: &[&str] = &[
    "a report by the audit office",
    "leaked cabinet minutes",
    "the central bank's latest survey",
    "figures seen by this newsletter",
    "a court filing",
];

const CODES: &[&str] = &[
    "HR-4412",
    "EU/2025/117",
    "DOF-0931",
    "S.2210",
    "CVE-2025-1042",
];

const HEADINGS: &[&str] = &[
    "What the deal says",
    "Who is pushing back",
    "What happens next",
];

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn sentence(rng: &mut Rng, link: &mut usize) -> String {
    let subject = rng.pick(SUBJECTS);
    let mut predicate = rng.pick(PREDICATES).to_string();
    if rng.below(4) == 0 {
        predicate = format!("*{predicate}*");
    }
    let speaker = rng.pick(SPEAKERS);
    let verb = rng.pick(VERBS);
    let when = rng.pick(WHEN);
    match rng.below(7) {
        0 | 1 => capitalise(&format!("{subject} {predicate}, {speaker} {verb} {when}.")),
        2 => capitalise(&format!(
            "{speaker} {verb} {when} that {subject} {predicate}."
        )),
        3 => format!("\"{} {predicate},\" {speaker} {verb}.", capitalise(subject)),
        4 => {
            *link += 1;
            let source = rng.pick(SOURCES);
            format!(
                "According to [{source}](https://example.org/briefings/{link}), {subject} {predicate}."
            )
        }
        5 => {
            let office = rng.pick(OFFICES);
            format!(
                "{}'s office said {subject} {predicate} -- a claim {speaker} {verb} {when}.",
                capitalise(office)
            )
        }
        _ => {
            let code = rng.pick(CODES);
            format!(
                "The text, filed as `{code}`, shows that {subject} {predicate}; \u{201c}nothing is settled,\u{201d} {speaker} {verb}."
            )
        }
    }
}

/// About 900 words of Markdown: paragraphs of four to six sentences, a heading every
/// four paragraphs.
pub fn article() -> String {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut link = 0;
    let mut blocks: Vec<String> = Vec::new();
    let mut words = 0;
    while words < 900 {
        if blocks.len() % 5 == 4 {
            let heading = HEADINGS[(blocks.len() / 5) % HEADINGS.len()];
            blocks.push(format!("## {heading}"));
        }
        let sentences = 4 + rng.below(3);
        let paragraph: Vec<String> = (0..sentences)
            .map(|_| sentence(&mut rng, &mut link))
            .collect();
        let paragraph = paragraph.join(" ");
        words += paragraph.split_whitespace().count();
        blocks.push(paragraph);
    }
    blocks.join("\n\n") + "\n"
}
