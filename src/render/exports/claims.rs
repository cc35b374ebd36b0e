//! `/claims.json`: every claim as a schema.org `ClaimReview` in JSON-LD, the form
//! fact-checking tools and search engines read.
//!
//! Each review's `itemReviewed` is a `Claim` whose `appearance` is the claim's words in the
//! briefing (`<briefing url>#claim-<id>`); its `reviewRating` is the one the claim's page
//! carries ([`claim_rating`]): the status on a scale of 1 (worst) to 4 (best), with the
//! status in words as `alternateName`:
//!
//! | status | ratingValue | alternateName |
//! |---|---|---|
//! | `false` | 1 | False |
//! | `misleading` | 2 | Misleading |
//! | `disputed` | 3 | Disputed |
//! | `supported` | 4 | Supported |
//! | `unverified` | none (not rated yet) | Unverified |

use serde::Serialize;

use crate::model::Site;
use crate::render::structured::{Rating, claim_rating};

#[derive(Serialize)]
struct Reviews<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<ClaimReview<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimReview<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    url: String,
    claim_reviewed: &'a str,
    date_published: String,
    author: Party<'a>,
    review_rating: Rating,
    item_reviewed: Claim<'a>,
}

/// A person or organisation: who reviews, who claims.
#[derive(Serialize)]
struct Party<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct Claim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Party<'a>>,
    appearance: Appearance,
}

#[derive(Serialize)]
struct Appearance {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: String,
}

/// `/claims.json`.
pub(crate) fn claims_json(site: &Site) -> Vec<u8> {
    let base = &site.base_url;
    let mut graph = Vec::new();
    for b in &site.briefings {
        let page = format!("{base}{}", b.url_path);
        for c in b.claims.iter() {
            let at = format!("{page}#claim-{}", c.id);
            let author = match c.by {
                Some(a) => {
                    let a = &site.actors[a.0];
                    // schema.org's `author` is a Person or an Organization.
                    Party {
                        kind: match a.kind {
                            crate::load::ActorKind::Person => "Person",
                            _ => "Organization",
                        },
                        name: &a.name,
                        url: Some(format!("{base}{}", crate::model::address::actor(&a.id))),
                    }
                }
                // The briefing's author: its first named author, or the site.
                None => match b.authors.first() {
                    Some(name) => Party {
                        kind: "Person",
                        name,
                        url: None,
                    },
                    None => Party {
                        kind: "Organization",
                        name: &site.config.title,
                        url: Some(base.clone()),
                    },
                },
            };
            graph.push(ClaimReview {
                kind: "ClaimReview",
                id: at.clone(),
                url: at.clone(),
                claim_reviewed: &c.text,
                date_published: b.date.iso(),
                author: Party {
                    kind: "Organization",
                    name: &site.config.title,
                    url: Some(base.clone()),
                },
                review_rating: claim_rating(c.status),
                item_reviewed: Claim {
                    kind: "Claim",
                    author: Some(author),
                    appearance: Appearance {
                        kind: "CreativeWork",
                        url: at,
                    },
                },
            });
        }
    }
    super::to_json(&Reviews {
        context: "https://schema.org",
        graph,
    })
}
