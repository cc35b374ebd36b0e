//! Which page of a render's list of pages is at an output path: what `serve` looks up for
//! every request.
//!
//! A map from each path to its index would copy 47,000 paths at ten thousand briefings, on
//! every save whose list of pages changed (a claim's status that fills another number of
//! pages): some 10 ms. This index holds a fingerprint of each path instead, sorted, and a
//! lookup checks the path of each page it finds, so two paths with one fingerprint are told
//! apart.

use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use super::pages::PageJob;

/// The pages of a list of pages by the fingerprints of their paths.
#[derive(Debug, Default)]
pub(crate) struct PathIndex {
    /// (fingerprint of the path, index of the page), sorted.
    entries: Vec<(u64, usize)>,
}

/// The fingerprint of an output path.
fn fingerprint(path: &str) -> u64 {
    let mut h = DefaultHasher::new();
    path.hash(&mut h);
    h.finish()
}

impl PathIndex {
    /// The index of `jobs`.
    pub(crate) fn of(jobs: &[PageJob]) -> Self {
        let mut entries: Vec<(u64, usize)> = jobs
            .par_iter()
            .enumerate()
            .map(|(i, j)| (fingerprint(&j.path), i))
            .collect();
        entries.par_sort_unstable();
        PathIndex { entries }
    }

    /// The index in `jobs` (the list this index was made of) of the page at `path`.
    pub(crate) fn get(&self, jobs: &[PageJob], path: &str) -> Option<usize> {
        let key = fingerprint(path);
        let from = self.entries.partition_point(|(k, _)| *k < key);
        (self.entries[from..].iter())
            .take_while(|(k, _)| *k == key)
            .map(|&(_, i)| i)
            .find(|&i| jobs.get(i).is_some_and(|j| j.path == path))
    }

    /// How many pages it holds.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pages::PageKind;

    fn job(path: &str) -> PageJob {
        PageJob {
            path: path.to_string(),
            kind: PageKind::Home,
        }
    }

    #[test]
    fn finds_each_page_and_nothing_else() {
        let jobs: Vec<PageJob> = (0..500)
            .map(|i| job(&format!("briefings/b{i}/index.html")))
            .collect();
        let index = PathIndex::of(&jobs);
        assert_eq!(index.len(), 500);
        for (i, j) in jobs.iter().enumerate() {
            assert_eq!(index.get(&jobs, &j.path), Some(i));
        }
        assert_eq!(index.get(&jobs, "briefings/b500/index.html"), None);
        assert_eq!(index.get(&jobs, ""), None);
    }

    #[test]
    fn pages_under_one_fingerprint_are_told_apart_by_their_paths() {
        let jobs = vec![job("a/index.html"), job("b/index.html")];
        // As if the two paths had one fingerprint, the other page's entry first.
        let key = fingerprint("a/index.html");
        let index = PathIndex {
            entries: vec![(key, 1), (key, 0)],
        };
        assert_eq!(index.get(&jobs, "a/index.html"), Some(0));
    }
}
