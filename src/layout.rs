//! The starting layout `aima init [DIR]` writes (docs/record.md): a commented aima.toml, an
//! `assessments/` folder with one example system, a `.gitignore` line for the interview's
//! lock files, CI for GitHub Actions and GitLab CI, and a CODEOWNERS template.

use crate::answers::Date;

/// The files of the layout: a path relative to DIR, and its text. `today` dates the example
/// assessment and names its round (`2026-H2`).
pub fn files(today: Date) -> Vec<(String, String)> {
    let round = format!("{}-H{}", today.year, if today.month <= 6 { 1 } else { 2 });
    let example = format!(
        "# An answers file of system `example` (docs/answers-format.md): answer it with\n\
         # `aima assess assessments/example/{round}.yaml`, or fill in `aima worksheet`'s questions.\n\
         # Team files of one round share `round`; `aima sign` records who approved it.\n\
         aima: 1\n\
         model: owasp-aima@1.0\n\
         assessment:\n  system: example\n  round: {round}\n  date: {today}\n\
         answers:\n"
    );
    vec![
        (
            "aima.toml".to_string(),
            include_str!("layout/aima.toml").to_string(),
        ),
        (format!("assessments/example/{round}.yaml"), example),
        (
            ".gitignore".to_string(),
            include_str!("layout/gitignore").to_string(),
        ),
        (
            ".github/workflows/aima.yml".to_string(),
            include_str!("layout/github.yml").to_string(),
        ),
        (
            ".gitlab-ci.yml".to_string(),
            include_str!("layout/gitlab.yml").to_string(),
        ),
        (
            "CODEOWNERS".to_string(),
            include_str!("layout/CODEOWNERS").to_string(),
        ),
    ]
}
