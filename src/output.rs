//! Where a build may write: never over the sources, never outside the site unless asked.

use std::path::{Component, Path, PathBuf};

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Location};

/// The folders of a site that hold sources; the output may not be or contain any of them.
const SOURCE_DIRS: [&str; 4] = ["content", "static", "templates", "themes"];

/// The output folder for a build: `--output` when given, else `output_dir` of site.toml,
/// checked so that replacing it cannot touch the sources.
pub(crate) fn output_dir(
    root: &Path,
    config: &SiteConfig,
    explicit: Option<&Path>,
) -> Result<PathBuf, Diagnostic> {
    let out = match explicit {
        Some(p) => std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()),
        None => root.join(&config.output_dir),
    };
    let out = normalize(&out);
    let root = normalize(root);
    let refuse = |why: String| {
        Diagnostic::error(format!(
            "refusing to write the site into {}: {why}",
            out.display()
        ))
        .at(Location::file("site.toml"))
        .suggest("use an output folder of its own, such as `public`")
    };
    if out == root {
        return Err(refuse("it is the site's own folder".into()));
    }
    if root.starts_with(&out) {
        return Err(refuse("it contains the site's sources".into()));
    }
    for dir in SOURCE_DIRS {
        let src = root.join(dir);
        if out.starts_with(&src) {
            return Err(refuse(format!("it is inside the site's `{dir}/` folder")));
        }
    }
    if explicit.is_none() && !out.starts_with(&root) {
        return Err(refuse(
            "`output_dir` points outside the site; pass --output to write there on purpose".into(),
        ));
    }
    Ok(out)
}

/// Removes `.` and resolves `..` lexically, so paths compare as the user means them.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(out: &str) -> SiteConfig {
        let mut c: SiteConfig = toml::from_str("title = 't'").unwrap();
        c.output_dir = out.into();
        c
    }

    #[test]
    fn refuses_dangerous_outputs() {
        let root = Path::new("/site");
        assert!(output_dir(root, &config("public"), None).is_ok());
        assert!(output_dir(root, &config("."), None).is_err());
        assert!(output_dir(root, &config(".."), None).is_err());
        assert!(output_dir(root, &config("content"), None).is_err());
        assert!(output_dir(root, &config("content/out"), None).is_err());
        assert!(output_dir(root, &config("../elsewhere"), None).is_err());
        assert!(output_dir(root, &config("public"), Some(Path::new("/tmp/out"))).is_ok());
        assert!(output_dir(root, &config("public"), Some(Path::new("/"))).is_err());
    }
}
