//! The HTTP side of `gloss serve`: pages from the in-memory build, and the event stream
//! the reload script listens to.
//!
//! Every answer carries `Cache-Control: no-store`, so a browser never shows a page of an
//! older build.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use super::mime::content_type;
use super::paths::{Lookup, locate};
use super::reload::EVENTS_PATH;
use super::site_state::{Notice, SiteState};

/// The server's routes: the event stream, and every other path from the build.
pub(crate) fn router(state: Arc<SiteState>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(page)
        .with_state(state)
}

async fn page(State(state): State<Arc<SiteState>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = answer(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            "",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let snapshot = state.snapshot();
    // A page is rendered when first asked for (and the search index made): work for a
    // thread that may block, not for the server's.
    let found = tokio::task::spawn_blocking(move || {
        match locate(uri.path(), uri.query(), |k| snapshot.has(k)) {
            Lookup::Page(key) => Found::Page(snapshot.page(&key), key),
            Lookup::Redirect(to) => Found::Redirect(to),
            Lookup::NotFound => Found::Page(None, String::new()),
        }
    })
    .await;
    match found {
        Ok(Found::Page(Some(Ok(bytes)), key)) => answer(StatusCode::OK, content_type(&key), bytes),
        Ok(Found::Page(Some(Err(problem)), _)) => answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain; charset=utf-8",
            problem,
        ),
        Ok(Found::Page(None, _)) => not_found(&state),
        Ok(Found::Redirect(to)) => redirect(&to),
        Err(e) => answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain; charset=utf-8",
            format!("the page could not be made: {e}"),
        ),
    }
}

/// What a request found: a page (or none) with its output path, or a redirect.
enum Found {
    Page(Option<Result<axum::body::Bytes, String>>, String),
    Redirect(String),
}

fn not_found(state: &SiteState) -> Response {
    answer(
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        state.snapshot().not_found(),
    )
}

fn redirect(to: &str) -> Response {
    let mut r = answer(
        StatusCode::PERMANENT_REDIRECT,
        "text/plain; charset=utf-8",
        "",
    );
    // `to` is a request path we decoded and checked, plus a `/`: always a valid header value.
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn answer(status: StatusCode, content_type: &'static str, body: impl Into<Body>) -> Response {
    let mut r = Response::new(body.into());
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// The reload event stream. A page names its build in `?build=`; when that is not the build
/// being served (it was replaced while the page loaded), the stream opens with a `reload`.
/// When the latest build failed, it opens with its `problems`.
async fn events(State(state): State<Arc<SiteState>>, uri: Uri) -> Response {
    // Subscribe before reading the state, so nothing published in between is missed.
    let rx = state.subscribe();
    let mut first = Vec::new();
    let served = state.snapshot().build_id.clone();
    if build_param(uri.query()).is_some_and(|b| b != served) {
        first.push(reload_event());
    }
    if let Some(p) = state.problems() {
        first.push(problems_event(&p));
    }
    let rest = stream::unfold(rx, |mut rx| async move {
        let event = match rx.recv().await {
            Ok(Notice::Reload) => reload_event(),
            Ok(Notice::Problems(p)) => problems_event(&p),
            Ok(Notice::Shutdown) | Err(RecvError::Closed) => return None,
            // Notices were missed: a reload shows the page as it is now.
            Err(RecvError::Lagged(_)) => reload_event(),
        };
        Some((event, rx))
    });
    let stream = stream::iter(first).chain(rest).map(Ok::<_, Infallible>);
    sse(stream)
}

fn sse(stream: impl Stream<Item = Result<Event, Infallible>> + Send + 'static) -> Response {
    let mut r = Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn reload_event() -> Event {
    Event::default().event("reload").data("reload")
}

fn problems_event(text: &str) -> Event {
    Event::default().event("problems").data(text)
}

fn build_param(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("build="))
}
