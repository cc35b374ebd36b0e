//! Addresses written by users: only `http`, `https`, `mailto` and relative forms reach a page.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::LinkSource;
use crate::markdown::is_safe_url;
use crate::model::Link;

/// Checks one address, reporting a refused scheme.
pub(crate) fn resolve_link(link: &LinkSource, diags: &mut Diagnostics) -> Option<Link> {
    if !is_safe_url(&link.url.value) {
        diags.push(
            Diagnostic::error(format!("the address `{}` is not allowed", link.url.value))
                .at(link.url.loc.clone())
                .label("only http, https, mailto and relative addresses are allowed")
                .suggest("write the address with `https://`"),
        );
        return None;
    }
    Some(Link {
        url: link.url.value.clone(),
        title: link.title.clone(),
    })
}

/// Checks a list of addresses.
pub(crate) fn resolve_links(links: &[LinkSource], diags: &mut Diagnostics) -> Vec<Link> {
    links
        .iter()
        .filter_map(|l| resolve_link(l, diags))
        .collect()
}
