//! `aima export … --to toolkit --template BOOK.xlsx`: fills the user's own copy of the
//! official AIMA Toolkit v1.0.1 workbook. Everything in BOOK stays as it was (OWASP's texts,
//! the logo, the other sheets, styles, formulas) except the answer cells E and note cells G
//! of the 144 question rows, the cached results of the formulas that depend on them (the
//! practice scores in F and the Results table), the workbook's calculation properties (a full
//! recalculation on open) and aima's own sheet `aima`. The package is edited, not rebuilt:
//! every other part is copied byte for byte. docs/interchange.md, "Filling your own copy".

mod package;
pub mod sheet;

use std::collections::{BTreeMap, BTreeSet};

use package::{Package, resolve};
use sheet::{At, Existing, NewCell, Value};

use super::{SHEET_AIMA, SHEET_QUESTIONS, SHEET_RESULTS, TO_EVALUATE, col, results_row, row};
use crate::answers::{Assessment, Word};
use crate::base::diag::{Pos, Problem, shown};
use crate::model::Model;

const WORKSHEET_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const WORKSHEET_CONTENT: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

/// The filled workbook's bytes. `file` names BOOK in messages.
pub fn fill(model: &Model, assessment: &Assessment, file: &str, book: &[u8]) -> Result<Vec<u8>, Problem> {
    let whole = |message: String| Problem::new(file, Pos::FILE, message);
    super::write::check_shape_and_lengths(model, assessment).map_err(whole)?;
    // The same reader and limits as `aima import`: the layout, the version, the cells.
    super::read::read(model, file, book.to_vec())?;
    let mut pkg = Package::open(book).map_err(whole)?;
    let parts = Parts::find(&mut pkg).map_err(whole)?;
    let sst = match &parts.shared_strings {
        Some(name) => sheet::shared_strings(&pkg.part(name).map_err(whole)?).map_err(whole)?,
        None => Vec::new(),
    };
    let scores = super::write::workbook_scores(model, assessment);
    let mut replaced = BTreeMap::new();
    let questions = pkg.part(&parts.questions).map_err(whole)?;
    let edited =
        fill_questions(model, assessment, &questions, &sst, &scores).map_err(|m| cell_problem(file, m))?;
    replaced.insert(parts.questions.clone(), edited);
    if let Some(results) = &parts.results {
        let xml = pkg.part(results).map_err(whole)?;
        let edited = fill_results(model, &xml, &sst, &scores).map_err(|m| cell_problem(file, m))?;
        replaced.insert(results.clone(), edited);
    }
    let aima_sheet = aima_sheet(model, assessment).map_err(whole)?;
    let mut added = Vec::new();
    match &parts.aima {
        Some(existing) => {
            replaced.insert(existing.clone(), aima_sheet);
        }
        None => {
            let name = free_name(&pkg, "xl/worksheets/sheet_aima.xml");
            register_sheet(&mut pkg, &parts, &name, &mut replaced).map_err(whole)?;
            added.push((name, aima_sheet));
        }
    }
    let workbook = replaced
        .remove(&parts.workbook)
        .map_or_else(|| pkg.part(&parts.workbook), Ok)
        .map_err(whole)?;
    replaced.insert(
        parts.workbook.clone(),
        full_calc_on_load(&workbook).map_err(whole)?,
    );
    pkg.rewrite(&replaced, &added).map_err(whole)
}

/// A problem at a cell: the editor's messages start with the cell's place.
fn cell_problem(file: &str, message: String) -> Problem {
    Problem::new(file, Pos::FILE, message)
}

/// Where the parts are: the workbook, its relationships, the sheets aima edits.
struct Parts {
    workbook: String,
    rels: String,
    questions: String,
    results: Option<String>,
    aima: Option<String>,
    shared_strings: Option<String>,
}

impl Parts {
    fn find(pkg: &mut Package<'_>) -> Result<Parts, String> {
        let root_rels = String::from_utf8_lossy(&pkg.part("_rels/.rels")?).into_owned();
        let workbook = relationships(&root_rels)
            .into_iter()
            .find(|(_, ty, _)| ty.ends_with("/officeDocument"))
            .map(|(_, _, target)| resolve("", &target))
            .ok_or("the package names no workbook part (`_rels/.rels`)")?;
        let dir = workbook.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        let rels = format!("{dir}/_rels/{}.rels", workbook.rsplit('/').next().unwrap_or(""));
        let rel_text = String::from_utf8_lossy(&pkg.part(&rels)?).into_owned();
        let targets: BTreeMap<String, (String, String)> = relationships(&rel_text)
            .into_iter()
            .map(|(id, ty, target)| (id, (ty, resolve(&dir, &target))))
            .collect();
        let book_text = String::from_utf8_lossy(&pkg.part(&workbook)?).into_owned();
        let sheet_part = |wanted: &str| {
            sheets(&book_text)
                .into_iter()
                .find(|(name, _)| name == wanted)
                .and_then(|(_, id)| targets.get(&id).map(|(_, t)| t.clone()))
        };
        let questions = sheet_part(SHEET_QUESTIONS).ok_or(format!("no sheet `{SHEET_QUESTIONS}` part"))?;
        let shared_strings = targets
            .values()
            .find(|(ty, _)| ty.ends_with("/sharedStrings"))
            .map(|(_, t)| t.clone());
        Ok(Parts {
            results: sheet_part(SHEET_RESULTS),
            aima: sheet_part(SHEET_AIMA),
            workbook,
            rels,
            questions,
            shared_strings,
        })
    }
}

/// `(Id, Type, Target)` of each `<Relationship>`.
fn relationships(xml: &str) -> Vec<(String, String, String)> {
    elements(xml, "Relationship")
        .into_iter()
        .filter_map(|a| {
            Some((
                a.get("Id")?.clone(),
                a.get("Type")?.clone(),
                a.get("Target")?.clone(),
            ))
        })
        .collect()
}

/// `(name, r:id)` of each `<sheet>` of the workbook.
fn sheets(xml: &str) -> Vec<(String, String)> {
    elements(xml, "sheet")
        .into_iter()
        .filter_map(|a| {
            let id = a
                .iter()
                .find(|(k, _)| k.ends_with(":id"))
                .map(|(_, v)| v.clone())?;
            Some((a.get("name")?.clone(), id))
        })
        .collect()
}

/// The attributes of every element named `local`, by qualified key.
fn elements(xml: &str, local: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.local_name().into_inner() == local =>
            {
                let attrs = e
                    .attributes()
                    .flatten()
                    .filter_map(|a| {
                        let key = a.key.as_ref().to_string();
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| (key, v.into_owned()))
                    })
                    .collect();
                out.push(attrs);
            }
            _ => {}
        }
    }
    out
}

/// The answer and note cells of every question row, and the cached practice scores.
fn fill_questions(
    model: &Model,
    assessment: &Assessment,
    xml: &[u8],
    sst: &[String],
    scores: &[f64],
) -> Result<Vec<u8>, String> {
    let mut plan: BTreeMap<At, Planned> = BTreeMap::new();
    for q in model.questions() {
        let r = super::row_of(model, &q);
        let answer = assessment.answers.get(&q.question.id);
        let value = answer.and_then(|a| a.word).and_then(Word::value);
        plan.insert((r, col::ANSWER), Planned::Answer(value.map(f64::from)));
        plan.insert((r, col::NOTE), Planned::Note(answer.and_then(|a| a.note.clone())));
    }
    for (d, domain) in model.domains.iter().enumerate() {
        for p in 0..domain.practices.len() {
            let first = row(d, p, 0, 1);
            let formula = format!("SUM(E{first}:E{})/6", first + 5);
            plan.insert(
                (first, col::SCORE),
                Planned::Score(scores[d * 3 + p], Some(formula)),
            );
        }
    }
    apply(xml, sst, SHEET_QUESTIONS, &plan)
}

/// The cached results of the Results table's link formulas (D4:D27).
fn fill_results(model: &Model, xml: &[u8], sst: &[String], scores: &[f64]) -> Result<Vec<u8>, String> {
    let mut plan = BTreeMap::new();
    for (d, domain) in model.domains.iter().enumerate() {
        for p in 0..domain.practices.len() {
            plan.insert((results_row(d, p), 3), Planned::Score(scores[d * 3 + p], None));
        }
    }
    apply(xml, sst, SHEET_RESULTS, &plan)
}

/// What aima means to leave in a cell.
enum Planned {
    /// An answer value, or none (the cell then keeps, or gets, `To evaluate`).
    Answer(Option<f64>),
    Note(Option<String>),
    /// A formula's new cached result; with the formula the layout requires there.
    Score(f64, Option<String>),
}

fn apply(
    xml: &[u8],
    sst: &[String],
    sheet_name: &str,
    plan: &BTreeMap<At, Planned>,
) -> Result<Vec<u8>, String> {
    let wanted: BTreeSet<At> = plan.keys().copied().collect();
    let mut decide = |at: At, existing: &Existing| -> Result<Option<NewCell>, String> {
        let place = super::place(sheet_name, at.0, at.1);
        let planned = plan
            .get(&at)
            .ok_or_else(|| format!("{place}: not a cell aima writes"))?;
        decide_cell(planned, existing).map_err(|m| format!("{place}: {m}"))
    };
    sheet::edit(xml, &wanted, sst, &mut decide).map_err(|m| {
        if m.starts_with('\'') {
            m
        } else {
            format!("sheet `{sheet_name}`: {m}")
        }
    })
}

/// The template's own cell must be blank (`To evaluate`, or empty) or already hold what
/// aima writes: never a formula, never an answer or note of its own (it would be lost).
fn decide_cell(planned: &Planned, existing: &Existing) -> Result<Option<NewCell>, String> {
    match planned {
        Planned::Score(score, required) => score_cell(*score, required.as_deref(), existing),
        _ if existing.formula => Err("holds a formula where aima writes an answer or a note; \
                                      give a blank copy of the official workbook as the template"
            .to_string()),
        Planned::Answer(value) => match (&existing.value, value) {
            (Value::Number(n), Some(v)) if n == v => Ok(None),
            (Value::Text(t), None) if t.trim() == TO_EVALUATE => Ok(None),
            (Value::Empty, None) => Ok(None),
            (Value::Text(t), Some(v)) if t.trim() == TO_EVALUATE => Ok(Some(NewCell::Number(*v))),
            (Value::Empty, Some(v)) => Ok(Some(NewCell::Number(*v))),
            (other, _) => Err(format!(
                "holds {} of its own; the template's answer cells must hold `{TO_EVALUATE}` \
                 (give a blank copy of the official workbook)",
                describe(other)
            )),
        },
        Planned::Note(note) => match (&existing.value, note) {
            (Value::Empty, None) => Ok(None),
            (Value::Empty, Some(n)) => Ok(Some(NewCell::Text(n.clone()))),
            (Value::Text(t), Some(n)) if t == n => Ok(None),
            (other, _) => Err(format!(
                "holds {} of its own; the template's note cells must be empty \
                 (give a blank copy of the official workbook)",
                describe(other)
            )),
        },
    }
}

/// A practice score: its formula must be the v1.0.1 one (`/6`, not v1.0's `/2`); a Results
/// cell without a formula is left alone (the table is OWASP's, not aima's).
fn score_cell(score: f64, required: Option<&str>, existing: &Existing) -> Result<Option<NewCell>, String> {
    let Some(required) = required else {
        return Ok(existing.formula.then_some(NewCell::Cached(score)));
    };
    let found = existing
        .formula_text
        .as_deref()
        .map(|f| f.trim().trim_start_matches('='));
    match found {
        Some(f) if f.replace(' ', "").eq_ignore_ascii_case(required) => Ok(Some(NewCell::Cached(score))),
        Some(f) => Err(format!(
            "the practice score formula is `={}`, not the v1.0.1 `={required}`: the template must be \
             the AIMA Toolkit v1.0.1 workbook",
            shown(f)
        )),
        None => Err(format!(
            "holds no practice score formula (the v1.0.1 layout has `={required}` here)"
        )),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Empty => "nothing".to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::Text(t) => format!("the text `{}`", shown(t)),
        Value::Other(o) => format!("the value `{}`", shown(o)),
    }
}

/// The sheet `aima` as aima's own writer makes it ([`super::extras`]), with its strings
/// inline and no styles, so that it needs nothing from the template's other parts.
fn aima_sheet(model: &Model, assessment: &Assessment) -> Result<Vec<u8>, String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book
        .add_worksheet()
        .set_name(SHEET_AIMA)
        .map_err(|e| format!("cannot write the sheet `aima` ({e})"))?;
    let plain = rust_xlsxwriter::Format::new();
    super::extras::write(ws, model, assessment, &plain, &|ws, r, c, s| {
        ws.write_string(r, c, s).map(|_| ())
    })
    .map_err(|e| format!("cannot write the sheet `aima` ({e})"))?;
    let bytes = book
        .save_to_buffer()
        .map_err(|e| format!("cannot write the sheet `aima` ({e})"))?;
    inline::standalone_sheet(&bytes)
}

mod inline;

/// A part name not in the package: `base`, else `base` with a number.
fn free_name(pkg: &Package<'_>, base: &str) -> String {
    let stem = base.trim_end_matches(".xml");
    std::iter::once(base.to_string())
        .chain((2..).map(|i| format!("{stem}{i}.xml")))
        .find(|n| !pkg.has(n))
        .unwrap_or_else(|| base.to_string())
}

/// Adds the sheet `aima` at `part` to the workbook, its relationships and the content types.
fn register_sheet(
    pkg: &mut Package<'_>,
    parts: &Parts,
    part: &str,
    replaced: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), String> {
    let rels = String::from_utf8_lossy(&pkg.part(&parts.rels)?).into_owned();
    let used: BTreeSet<String> = relationships(&rels).into_iter().map(|(id, _, _)| id).collect();
    let id = (1..)
        .map(|i| format!("rIdAima{i}"))
        .find(|id| !used.contains(id))
        .unwrap_or_default();
    let dir = parts.workbook.rsplit_once('/').map_or("", |(d, _)| d);
    let target = part
        .strip_prefix(&format!("{dir}/"))
        .map_or(format!("/{part}"), str::to_string);
    let relationship = format!("<Relationship Id=\"{id}\" Type=\"{WORKSHEET_TYPE}\" Target=\"{target}\"/>");
    replaced.insert(
        parts.rels.clone(),
        insert_before(&rels, "</Relationships>", &relationship)?,
    );
    let book = String::from_utf8_lossy(&pkg.part(&parts.workbook)?).into_owned();
    let next_id = elements(&book, "sheet")
        .iter()
        .filter_map(|a| a.get("sheetId")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let prefix = rels_prefix(&book);
    let sheet = format!("<sheet name=\"{SHEET_AIMA}\" sheetId=\"{next_id}\" {prefix}:id=\"{id}\"/>");
    replaced.insert(parts.workbook.clone(), insert_before(&book, "</sheets>", &sheet)?);
    let types = String::from_utf8_lossy(&pkg.part("[Content_Types].xml")?).into_owned();
    let over = format!("<Override PartName=\"/{part}\" ContentType=\"{WORKSHEET_CONTENT}\"/>");
    replaced.insert(
        "[Content_Types].xml".to_string(),
        insert_before(&types, "</Types>", &over)?,
    );
    Ok(())
}

/// The prefix the workbook binds to the relationships namespace (`r` in Excel's files).
fn rels_prefix(book: &str) -> String {
    const NS: &str = "\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    book.find(NS)
        .and_then(|end| {
            let before = &book[..end];
            let start = before.rfind("xmlns:")? + 6;
            Some(before[start..].trim_end_matches('=').to_string())
        })
        .unwrap_or_else(|| "r".to_string())
}

fn insert_before(xml: &str, closing: &str, fragment: &str) -> Result<Vec<u8>, String> {
    let at = xml
        .rfind(closing)
        .ok_or_else(|| format!("the package's XML has no `{closing}`"))?;
    Ok([&xml[..at], fragment, &xml[at..]].concat().into_bytes())
}

/// The workbook asks for a full recalculation when it is opened, so that every formula
/// (charts included) shows the new answers even where aima has no cached value for it.
fn full_calc_on_load(workbook: &[u8]) -> Result<Vec<u8>, String> {
    let text = String::from_utf8_lossy(workbook).into_owned();
    if let Some(start) = text.find("<calcPr") {
        let end = start
            + text[start..]
                .find('>')
                .ok_or("the workbook's <calcPr> is not closed")?;
        let tag = &text[start..end];
        if tag.contains("fullCalcOnLoad=\"1\"") {
            return Ok(workbook.to_vec());
        }
        let tag = tag
            .replace("fullCalcOnLoad=\"0\"", "")
            .replace("fullCalcOnLoad=\"false\"", "");
        let tag = format!("{} fullCalcOnLoad=\"1\"", tag.trim_end_matches('/').trim_end());
        let close = if text[..end].ends_with('/') { "/" } else { "" };
        return Ok([&text[..start], &tag, close, &text[end..]].concat().into_bytes());
    }
    // CT_Workbook's order: … sheets, functionGroups, externalReferences, definedNames, calcPr …
    let after = [
        "</definedNames>",
        "</externalReferences>",
        "</functionGroups>",
        "</sheets>",
    ]
    .iter()
    .find_map(|t| text.find(t).map(|i| i + t.len()))
    .ok_or("the workbook has no `</sheets>`")?;
    Ok([&text[..after], "<calcPr fullCalcOnLoad=\"1\"/>", &text[after..]]
        .concat()
        .into_bytes())
}
