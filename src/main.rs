//! The `gloss` command line: parses arguments and hands them to the library.

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use gloss::diagnostics::count;

mod progress;

/// The allocator of the binary. A build of ten thousand briefings spent about a sixth of
/// its CPU time in the system allocator's malloc and free (see BENCHMARKS.md); mimalloc
/// spends less. The library leaves the choice to the program that uses it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// gloss: a static-site generator for annotated briefings.
#[derive(Parser)]
#[command(name = "gloss", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The site root (the folder with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder (default: output_dir of site.toml, `public`).
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site is published at, overriding base_url.
        #[arg(long)]
        base_url: Option<String>,
        /// Include briefings marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Parse and resolve every briefing again, neither reading nor writing
        /// `.gloss-cache/`.
        #[arg(long)]
        no_cache: bool,
    },
    /// Preview the site locally, rebuilding on every change.
    Serve {
        /// The site root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port (the next free one if taken).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; `0.0.0.0` shares the preview with your network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Include briefings marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
        /// Parse and resolve every briefing of the first build again, neither reading nor
        /// writing `.gloss-cache/`.
        #[arg(long)]
        no_cache: bool,
    },
    /// Validate the site and report every problem; writes nothing but gloss.lock (and its
    /// cache, `.gloss-cache/`).
    Check {
        /// The site root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Rewrite anchor `text`s whose words drifted to their clear new place (following
        /// them with gloss.lock), in the sidecar files; then report what is left.
        #[arg(long)]
        fix: bool,
        /// Parse and resolve every briefing again, neither reading nor writing
        /// `.gloss-cache/`.
        #[arg(long)]
        no_cache: bool,
    },
    /// Write a new briefing dated today, and its sidecar with commented examples.
    New {
        /// The briefing to create: content/FOLDER/NAME.md (relative to the site root).
        path: PathBuf,
        /// The site root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site with one example briefing.
    Init {
        /// The folder to create.
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Build { root, .. } | Command::Check { root, .. } | Command::Serve { root, .. } =
        &cli.command
        && let Some(why) = gloss::not_a_site(root)
    {
        eprintln!("error: {why}");
        return ExitCode::from(1);
    }
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            no_cache,
        } => {
            let progress = progress::Progress::for_stderr();
            let opts = gloss::BuildOptions {
                root,
                output,
                base_url,
                drafts,
                on_page: progress.counter(),
                cache: !no_cache,
            };
            let result = gloss::build(&opts);
            progress.finish();
            match result {
                Ok(s) => {
                    eprint!(
                        "{}",
                        s.warnings.render_summary(
                            &s.texts,
                            color(),
                            gloss::diagnostics::WARNINGS_SHOWN
                        )
                    );
                    let drafts = match s.drafts_left_out {
                        0 => String::new(),
                        n => format!(
                            " ({} left out; `--drafts` builds {})",
                            count(n, "draft", "drafts"),
                            if n == 1 { "it" } else { "them" }
                        ),
                    };
                    eprintln!(
                        "built {}, {} into {}{drafts}",
                        count(s.briefings, "briefing", "briefings"),
                        count(s.files, "file", "files"),
                        s.output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(f) => fail(&f, Format::Human),
            }
        }
        Command::Check {
            root,
            format,
            fix,
            no_cache,
        } => {
            if fix {
                apply_fixes(&root, !no_cache);
            }
            check(&root, format, !no_cache)
        }
        Command::Init { dir } => match gloss::init(&dir) {
            Ok(()) => {
                eprintln!(
                    "created a new site in {0}; build it with `gloss build --root {0}`",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        Command::New { path, root } => new_briefing(&root, &path),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            open,
            no_cache,
        } => {
            let opts = gloss::serve::ServeOptions {
                root,
                port,
                bind,
                drafts,
                open,
                cache: !no_cache,
            };
            match gloss::serve::serve(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// `gloss new`: writes the briefing and its sidecar, or says why not (2 for a path that is
/// not `content/…/NAME.md`, 1 otherwise).
fn new_briefing(root: &std::path::Path, path: &std::path::Path) -> ExitCode {
    let today = jiff::ZonedDateTime::now().date();
    match gloss::new::new_briefing(root, path, today) {
        Ok(made) => {
            eprintln!(
                "created {} and {}",
                made.article.display(),
                made.sidecar.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            let code = match e {
                gloss::new::NewError::BadPath(_) => 2,
                _ => 1,
            };
            ExitCode::from(code)
        }
    }
}

fn fail(f: &gloss::Failure, format: Format) -> ExitCode {
    match format {
        Format::Human => {
            eprint!("{}", f.diagnostics.render_color(&f.texts, color()));
            let n = f.diagnostics.error_count();
            if n > 0 {
                eprintln!(
                    "error: the site has {}; nothing was written",
                    count(n, "error", "errors")
                );
            }
        }
        Format::Json => print!("{}", f.diagnostics.to_json_lines()),
    }
    ExitCode::from(1)
}

/// Whether to colour diagnostics: only when stderr is a terminal and `NO_COLOR` is unset.
fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `gloss check`: every problem, or the warnings and a summary.
fn check(root: &std::path::Path, format: Format, cache: bool) -> ExitCode {
    match gloss::check(root, cache) {
        Ok((warnings, texts)) => {
            match format {
                Format::Human => {
                    eprint!("{}", warnings.render_color(&texts, color()));
                    eprintln!(
                        "no errors ({})",
                        count(warnings.warning_count(), "warning", "warnings")
                    );
                }
                Format::Json => print!("{}", warnings.to_json_lines()),
            }
            ExitCode::SUCCESS
        }
        Err(f) => fail(&f, format),
    }
}

/// `gloss check --fix`: applies the clear fixes and lists each on stderr.
fn apply_fixes(root: &std::path::Path, cache: bool) {
    let (applied, problems) = gloss::fix::fix(root, cache);
    for a in &applied {
        let l = &a.location;
        let mut line = if a.old == a.new {
            format!("{}:{}:{}: “{}”", l.file.display(), l.line, l.column, a.old)
        } else {
            format!(
                "{}:{}:{}: “{}” → “{}”",
                l.file.display(),
                l.line,
                l.column,
                a.old,
                a.new
            )
        };
        for (key, value) in &a.added {
            if let (true, gloss::diagnostics::FixValue::Text(id)) = (key == "id", value) {
                line.push_str(&format!(", keeps its id: added `id: {id}`"));
            } else {
                line.push_str(&format!(", added `{key}: {value}`"));
            }
        }
        eprintln!("{line}");
    }
    if !applied.is_empty() {
        let s = if applied.len() == 1 { "" } else { "s" };
        eprintln!("fixed {} anchor{s}", applied.len());
    }
    eprint!("{}", problems.render_color(&Default::default(), color()));
}
