//! Arbitrary bytes as the sidecar of a fixed small briefing, through the same parsing as
//! `gloss load`, then resolve, then the rendering of every diagnostic: nothing may panic,
//! overflow the stack or hang, whatever the file holds.

#![no_main]

use std::path::Path;

use gloss::config::{AnnotationsConfig, MarkdownConfig, SiteConfig};
use gloss::diagnostics::{Diagnostics, SourceTexts};
use gloss::load::{SiteSource, parse_briefing_texts};
use gloss::resolve::{ResolveOptions, resolve};
use libfuzzer_sys::fuzz_target;

const MD: &str = "---\ntitle: \"Rubio in Mexico City\"\ndate: 2025-09-03\n---\n\n\
Marco Rubio met Claudia Sheinbaum in Mexico City. He said they would \
\"work together against the cartels\".\n\nThe meeting lasted two hours. The meeting ended.\n";

fn config() -> SiteConfig {
    SiteConfig {
        title: "Fuzz".into(),
        base_url: Some("https://example.org".into()),
        description: None,
        language: "en".into(),
        theme: None,
        output_dir: "public".into(),
        annotations: AnnotationsConfig::default(),
        markdown: MarkdownConfig::default(),
    }
}

fuzz_target!(|data: &[u8]| {
    let yaml = String::from_utf8_lossy(data);
    let md_path = Path::new("content/briefings/a.md");
    let yaml_path = Path::new("content/briefings/a.yaml");
    let mut texts = SourceTexts::default();
    texts.insert(md_path, MD);
    texts.insert(yaml_path, yaml.as_ref());
    let diags: Diagnostics = match parse_briefing_texts(md_path, MD, Some((yaml_path, &yaml))) {
        Ok(briefing) => {
            let src = SiteSource {
                root: "/nonexistent".into(),
                config: config(),
                texts: texts.clone(),
                home: None,
                briefings: vec![briefing],
                actors: Vec::new(),
                static_files: Vec::new(),
                templates: Vec::new(),
                theme: None,
                warnings: Diagnostics::new(),
            };
            match resolve(&src, &ResolveOptions::default()) {
                Ok(r) => r.warnings,
                Err(d) => d,
            }
        }
        Err(d) => d,
    };
    let _ = diags.render(&texts);
    let _ = diags.to_json_lines();
});
