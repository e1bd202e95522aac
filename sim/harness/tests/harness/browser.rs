//! The certification report as a person sees it: a real report (the scenarios of ACT-03
//! and AR24-04 against the embedded reference) opened from disk in headless Chromium
//! (Debian's `chromium`, installed by `make setup`). The rendered DOM must hold the
//! verdicts, the requirement matrix with a row per requirement, and every scenario with its
//! timeline drawn in SVG, and must fetch nothing from the network; a screenshot must be a
//! real PNG of the page, not a blank one. Never skipped: without Chromium it fails.

use idn_report::{self as report, Report};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const CHROMIUM: &str = "/usr/bin/chromium";
/// How long one Chromium run may take before its whole process group is killed: a
/// headless run on this small page takes a few seconds.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(60);
/// The selection: few scenarios, with timelines of every kind (app, SMS, AR24 letters).
const TAGS: &str = "@ACT-03 or @AR24-04";
const SEED: u64 = 20260302;
const WINDOW: (u32, u32) = (1280, 2000);
/// A blank 1280×2000 page compresses to about 12 KB of PNG; text, tables and coloured
/// verdicts take several times that. Below this, the screenshot shows nothing.
const NOT_BLANK_BYTES: usize = 48 * 1024;

/// A folder under the target's temp dir for this test, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("idn-browser-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temp dir");
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the selection in-process and writes its report (report.json, index.html, and the
/// suite's junit.xml and cucumber.json) into `dir`, as `idn-sim certify` does.
async fn write_report(dir: &Path) -> Report {
    let (outcome, report) = crate::reference_report(TAGS, SEED, dir).await;
    assert!(outcome.passed, "the reference passes {TAGS}: {:?}", outcome.syntax_errors);
    for s in &outcome.scenarios {
        assert!(s.feature.starts_with("features/"), "{} is relative to the root", s.feature);
    }
    report::write(dir, &report).expect("report.json and index.html are writable");
    report
}

/// What one Chromium run printed.
struct Run {
    stdout: String,
    stderr: String,
}

/// Fails, never skips, when the browser is not there.
fn chromium_is_installed() {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: run `make setup` (installs Debian's chromium)"
    );
}

/// Runs headless Chromium with a fresh profile in `dir/profile-<name>` on `url`, killing
/// its whole process group (the browser, its zygote and renderers) after
/// [`CHROMIUM_TIMEOUT`].
fn chromium(dir: &Path, name: &str, args: &[String], url: &str) -> Run {
    chromium_is_installed();
    let profile = dir.join(format!("profile-{name}"));
    let mut command = Command::new(CHROMIUM);
    command
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn().unwrap_or_else(|e| panic!("cannot start {CHROMIUM}: {e}"));
    let group = child.id();
    // The watchdog waits for the end of the run or the timeout, whichever comes first.
    let (done, finished) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        let timed_out = finished.recv_timeout(CHROMIUM_TIMEOUT).is_err();
        if timed_out {
            let _ = Command::new("kill").args(["-KILL", "--", &format!("-{group}")]).status();
        }
        timed_out
    });
    let mut stdout = String::new();
    let mut stderr = String::new();
    let mut err = child.stderr.take().expect("piped stderr");
    let err_reader = std::thread::spawn(move || {
        let _ = err.read_to_string(&mut stderr);
        stderr
    });
    let _ = child.stdout.take().expect("piped stdout").read_to_string(&mut stdout);
    let status = child.wait().expect("chromium is waited for");
    let _ = done.send(());
    let timed_out = watchdog.join().expect("the watchdog does not panic");
    let stderr = err_reader.join().expect("the stderr reader does not panic");
    assert!(
        !timed_out,
        "chromium ({name}) did not finish within {CHROMIUM_TIMEOUT:?} and was killed:\n{stderr}"
    );
    assert!(status.success(), "chromium ({name}) failed with {status}:\n{stderr}");
    Run { stdout, stderr }
}

/// Each scenario's `<details id="s-…">` element, as text up to the next one.
fn scenario_blocks(dom: &str) -> Vec<&str> {
    let starts: Vec<usize> = dom.match_indices("<details id=\"s-").map(|(i, _)| i).collect();
    let mut blocks = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(dom.len());
        blocks.push(&dom[start..end]);
    }
    blocks
}

/// Every `src`, `href`, `xlink:href`, `srcset` or `action` attribute value, and CSS
/// `url(…)` or `@import`, that points outside the page: http, https or protocol-relative.
fn external_urls(dom: &str) -> Vec<String> {
    let lower = dom.to_ascii_lowercase();
    let mut found = Vec::new();
    for attr in [" src=", " href=", ":href=", " srcset=", " action=", "url(", "@import"] {
        for (i, _) in lower.match_indices(attr) {
            let rest = lower[i + attr.len()..].trim_start_matches([' ', '"', '\'']);
            if rest.starts_with("http:") || rest.starts_with("https:") || rest.starts_with("//") {
                let end = (i + attr.len() + 80).min(dom.len());
                found.push(dom.get(i..end).unwrap_or(&dom[i..]).to_string());
            }
        }
    }
    found
}

/// Checks the rendered DOM against the report it was rendered from.
fn check_dom(dom: &str, report: &Report) {
    assert!(dom.contains("</html>"), "chromium dumped no whole page:\n{dom:.500}");
    let verdict = dom.find("<div id=\"verdict\">").expect("the page shows the verdicts");
    for v in &report.verdicts {
        assert!(
            dom[verdict..].contains(v.profile.name()) && dom[verdict..].contains(v.status.as_str()),
            "the verdict {} {} is on the page",
            v.profile,
            v.status
        );
    }
    assert!(dom.contains("<table id=\"matrix\">"), "the page shows the requirement matrix");
    for row in &report.requirements {
        let tr = format!("<tr id=\"req-{}\"", row.id);
        assert!(dom.contains(&tr), "the matrix has a row for {}", row.id);
    }
    let rows = dom.matches("<tr id=\"req-").count();
    assert_eq!(rows, report.requirements.len(), "one matrix row per requirement");
    let blocks = scenario_blocks(dom);
    assert_eq!(blocks.len(), report.scenarios.len(), "one <details> per scenario");
    assert!(!blocks.is_empty(), "the selection {TAGS} runs scenarios");
    for (block, scenario) in blocks.iter().zip(&report.scenarios) {
        assert!(
            block.contains("class=\"scenario")
                && block.contains("<svg")
                && block.contains("</svg>"),
            "the scenario {}:{} has its timeline as inline SVG:\n{block:.800}",
            scenario.feature,
            scenario.line
        );
    }
    // One timeline is visible without a click: the first scenario with one is open.
    let first = blocks.iter().find(|b| b.contains("<svg")).expect("a scenario with a timeline");
    assert!(first.contains(" open=\"\">"), "the first timeline is shown open:\n{first:.400}");
    let external = external_urls(dom);
    assert!(external.is_empty(), "the page fetches nothing, yet it links: {external:#?}");
}

/// A PNG's width and height from its IHDR chunk, and the total length of its IDAT chunks
/// (the compressed pixels), or why it is not a PNG.
fn png_facts(png: &[u8]) -> Result<(u32, u32, usize), String> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let body = png.strip_prefix(SIGNATURE).ok_or("no PNG signature")?;
    let be32 = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let (mut at, mut size, mut idat) = (0, None, 0usize);
    while at + 8 <= body.len() {
        let len = be32(&body[at..]) as usize;
        let kind = &body[at + 4..at + 8];
        let data = body.get(at + 8..at + 8 + len).ok_or("a chunk runs past the end")?;
        match kind {
            b"IHDR" if len >= 8 => size = Some((be32(data), be32(&data[4..]))),
            b"IDAT" => idat += len,
            b"IEND" => break,
            _ => {}
        }
        at += 12 + len;
    }
    let (width, height) = size.ok_or("no IHDR chunk")?;
    Ok((width, height, idat))
}

// Checks, in headless Chromium, that a real report shows its verdicts, its requirement
// matrix and its scenarios' timelines, fetches nothing, and screenshots as a non-blank page.
#[tokio::test]
async fn the_report_renders_in_headless_chromium() {
    chromium_is_installed();
    let dir = TempDir::new();
    let reports = dir.0.join("report");
    let report = write_report(&reports).await;
    let page = reports.join("index.html").canonicalize().expect("index.html was written");
    let url = format!("file://{}", page.display());

    let dump = chromium(&dir.0, "dom", &["--dump-dom".to_string()], &url);
    check_dom(&dump.stdout, &report);

    let shot = dir.0.join("page.png");
    let args = [
        format!("--screenshot={}", shot.display()),
        format!("--window-size={},{}", WINDOW.0, WINDOW.1),
        "--hide-scrollbars".to_string(),
    ];
    let run = chromium(&dir.0, "screenshot", &args, &url);
    let png = std::fs::read(&shot)
        .unwrap_or_else(|e| panic!("no screenshot at {}: {e}\n{}", shot.display(), run.stderr));
    let (width, height, idat) = png_facts(&png).unwrap_or_else(|e| panic!("page.png: {e}"));
    assert_eq!((width, height), WINDOW, "the screenshot has the window's size");
    assert!(
        idat >= NOT_BLANK_BYTES,
        "the screenshot looks blank: {idat} bytes of pixels, expected at least {NOT_BLANK_BYTES}"
    );
    // Kept for a person to look at: the last screenshot and the report it shows.
    let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let _ = std::fs::create_dir_all(&kept);
    let _ = std::fs::copy(&shot, kept.join("page.png"));
    for file in ["index.html", "report.json", "junit.xml"] {
        let _ = std::fs::copy(reports.join(file), kept.join(file));
    }
}

// Checks that the checks can fail: a link to the network, a blank or truncated PNG.
#[test]
fn the_checks_catch_external_links_and_broken_pngs() {
    let page = "<img src=\"https://cdn.example/x.png\"><a href=\"#req-ACT-03\">\
                <link href='//fonts.example/css'><style>a{background:url(http://x/y)}</style>";
    assert_eq!(external_urls(page).len(), 3, "{:#?}", external_urls(page));
    assert!(external_urls("<a href=\"#s-features-x-1\">x</a>").is_empty());
    assert!(png_facts(b"GIF89a").is_err());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&[0, 0, 0, 13]);
    png.extend_from_slice(b"IHDR");
    png.extend_from_slice(&[0, 0, 5, 0, 0, 0, 7, 208, 8, 2, 0, 0, 0]);
    png.extend_from_slice(&[0; 4]);
    assert_eq!(png_facts(&png), Ok((1280, 2000, 0)));
    png.extend_from_slice(&[0, 0, 1, 0]);
    png.extend_from_slice(b"IDAT");
    assert!(png_facts(&png).is_err(), "a chunk past the end is refused");
}
