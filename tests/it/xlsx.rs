//! `portfolio --format xlsx` and `trend --format xlsx`: read back with calamine (numbers
//! are numbers, text is text), the package holds a conditional-format heatmap and a native
//! chart, outside text is never a formula, and LibreOffice opens both and shows the values.

use crate::common;

use std::io::Read as _;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;

/// 2026-11-29: the day the example portfolio's ages are counted from.
const TODAY: &str = "1795910400";

fn aima_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = common::aima()
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", TODAY)
        .args(args)
        .output()
        .expect("aima runs");
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
        out.status.code().expect("exit code"),
    )
}

fn json_in(dir: &Path, args: &[&str]) -> Value {
    let (out, err, code) = aima_in(dir, args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("json")
}

/// One part of the package, as text.
fn part(book: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(book).expect("open")).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in {}", book.display()))
        .read_to_string(&mut text)
        .expect("read part");
    text
}

fn rows(book: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(book).expect("calamine opens it");
    let range = wb.worksheet_range(sheet).expect("sheet");
    range.rows().map(<[Data]>::to_vec).collect()
}

/// LibreOffice's CSV of the first sheet.
fn soffice_csv(work: &Path, book: &Path) -> String {
    let profile = tempfile::tempdir_in(work).expect("profile");
    let out = Command::new("timeout")
        .args(["180", "soffice"])
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "csv", "--outdir"])
        .arg(work)
        .arg(book)
        .output()
        .expect("soffice runs (installed by .ci/run)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::read_to_string(book.with_extension("csv")).expect("csv written")
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn the_portfolio_workbook_holds_the_table_a_heatmap_and_a_chart() {
    let example = common::repo_file("examples/portfolio");
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("portfolio.xlsx");
    let (out, err, code) = aima_in(&example, &["portfolio", "-o", book.to_str().expect("utf-8")]);
    assert_eq!((code, err.as_str()), (0, "note: using aima.toml\n"));
    assert_eq!(out, format!("wrote {}\n", book.display()));
    let json = json_in(&example, &["portfolio", "--format", "json"]);
    let rows = rows(&book, "Portfolio");
    assert_eq!(rows[0][0], Data::String("System".into()));
    assert_eq!(rows[0][10], Data::String("RA-EV".into()));
    let systems = json["systems"].as_array().expect("systems");
    assert_eq!(rows.len(), systems.len() + 1);
    for (row, s) in rows[1..].iter().zip(systems) {
        assert_eq!(row[0], Data::String(s["system"].as_str().expect("id").into()));
        assert!(matches!(row[3], Data::DateTime(_)), "a date: {:?}", row[3]);
        assert_eq!(number(&row[4]), s["age_days"].as_f64().expect("age"));
        assert_eq!(row[5], Data::Bool(s["stale"].as_bool().expect("stale")));
        assert_eq!(
            row[8],
            Data::String(s["overall"]["label"].as_str().expect("label").into())
        );
        assert_eq!(number(&row[9]), s["overall"]["score"].as_f64().expect("score"));
        assert_eq!(number(&row[34]), s["below_target"].as_f64().expect("below"));
        assert_eq!(row[36], Data::String(s["round"].as_str().expect("round").into()));
        assert_eq!(
            row[37],
            Data::String(s["status"].as_str().expect("status").into())
        );
    }
    assert_eq!(rows[0][37], Data::String("Status".into()));
    let sheet = part(&book, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<conditionalFormatting sqref=\"J2:AH4\">") && sheet.contains("<colorScale>"),
        "heatmap"
    );
    assert!(!sheet.contains("<f>"), "no formula");
    assert!(part(&book, "xl/charts/chart1.xml").contains("<c:barDir val=\"col\"/>"));
    let csv = soffice_csv(dir.path(), &book);
    let fraud = csv
        .lines()
        .find(|l| l.starts_with("fraud-model,"))
        .expect("fraud-model row");
    assert!(
        fraud.starts_with(
            "fraud-model,Transaction fraud model,Risk analytics,2026-11-20,9,FALSE,144,144,1+,2.02,"
        ),
        "{fraud}"
    );
}

#[test]
fn the_trend_workbook_holds_the_dates_a_heatmap_and_a_line_chart() {
    let example = common::repo_file("examples/portfolio");
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("trend.xlsx");
    let args = [
        "trend",
        "--system",
        "fraud-model",
        "--practices",
        "-o",
        book.to_str().expect("utf-8"),
    ];
    let (_, err, code) = aima_in(&example, &args);
    assert_eq!((code, err.as_str()), (0, "note: using aima.toml\n"));
    let json = json_in(
        &example,
        &["trend", "--system", "fraud-model", "--format", "json"],
    );
    let rows = rows(&book, "Trend");
    assert_eq!(rows[0][5], Data::String("RA Responsible AI Principles".into()));
    assert_eq!(rows[0][13], Data::String("RA-EV".into()));
    let points = json["assessments"].as_array().expect("assessments");
    assert_eq!(rows.len(), points.len() + 1);
    for (row, p) in rows[1..].iter().zip(points) {
        assert_eq!(number(&row[4]), p["overall"]["score"].as_f64().expect("score"));
        for (i, d) in p["domains"].as_array().expect("domains").iter().enumerate() {
            assert_eq!(
                number(&row[5 + i]),
                d["score"].as_f64().expect("score"),
                "{}",
                d["id"]
            );
        }
    }
    assert_eq!(rows[2][1], Data::String("assessments/fraud-model/2026-11-20-engineering.yaml\nassessments/fraud-model/2026-11-20-governance.yaml".into()));
    let sheet = part(&book, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<conditionalFormatting sqref=\"E2:AK3\">"),
        "heatmap"
    );
    let chart = part(&book, "xl/charts/chart1.xml");
    assert!(
        chart.contains("<c:lineChart>") && chart.matches("<c:ser>").count() == 8,
        "a line per domain"
    );
    let csv = soffice_csv(dir.path(), &book);
    assert!(
        csv.lines()
            .nth(1)
            .expect("first date")
            .starts_with("2026-05-12,assessments/fraud-model/2026-05-12.yaml,144,0+,1.83,2.11,"),
        "{csv}"
    );
}

/// Names from aima.toml that look like formulas stay text; control characters are shown
/// escaped, never written raw.
#[test]
fn outside_text_is_never_a_formula() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sys = dir.path().join("assessments/evil");
    std::fs::create_dir_all(&sys).expect("mkdir");
    std::fs::copy(
        common::repo_file("examples/acme-support-bot-2026-11.yaml"),
        sys.join("2026-11-20.yaml"),
    )
    .expect("copy");
    std::fs::write(
        dir.path().join("aima.toml"),
        "[portfolio]\npaths = [\"assessments\"]\n\n[systems.evil]\nname = \"=HYPERLINK(\\\"http://x.example\\\",\\\"y\\\")\"\nowner = \"@SUM(1+1)\\u001b[31m\"\n",
    )
    .expect("toml");
    let book = dir.path().join("p.xlsx");
    let (_, err, code) = aima_in(dir.path(), &["portfolio", "--format", "xlsx", "-o", "p.xlsx"]);
    assert_eq!((code, err.as_str()), (0, "note: using aima.toml\n"));
    let rows = rows(&book, "Portfolio");
    assert_eq!(
        rows[1][1],
        Data::String("=HYPERLINK(\"http://x.example\",\"y\")".into())
    );
    assert_eq!(rows[1][2], Data::String("@SUM(1+1)\\u{1b}[31m".into()));
    assert!(!part(&book, "xl/worksheets/sheet1.xml").contains("<f>"));
    let csv = soffice_csv(dir.path(), &book);
    assert!(
        csv.contains("\"=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\""),
        "{csv}"
    );
}
