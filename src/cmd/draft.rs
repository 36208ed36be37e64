//! `speechgen draft OUTLINE [-o FILE] [--format txt|md|json|docx] [--style FILE] [--seed N]
//! [--rules FILE] [--templates DIR] [--length N | --minutes M]`.

use std::hash::{BuildHasher, Hasher};

use crate::cli::{DraftArgs, DraftFormat};
use crate::diag::Diagnostic;
use crate::outline::Outline;
use crate::plan::CHARS_PER_MINUTE;
use crate::render::{Target, Templates};
use crate::Drafter;

use super::{user_templates, write_atomically, Error};

/// Drafts one speech and writes it.
pub fn run(args: &DraftArgs) -> Result<(), Error> {
    // Only commands that render arm the watchdog (its thread would cost parse memory).
    crate::render::guard::watch(crate::render::guard::TIME_LIMIT);
    let style = docx_style(args.format == DraftFormat::Docx, args.style.as_deref())?;
    if args.format == DraftFormat::Docx && args.output.is_none() {
        return Err(Error::input(
            "--format docx writes a Word file: give its name with -o, e.g. -o draft.docx",
        ));
    }
    if let Some(output) = &args.output {
        super::check_destination(output)?;
        let mut inputs = vec![args.outline.as_path()];
        inputs.extend(args.rules.iter().map(|r| r.as_path()));
        super::refuse_overwriting_input(output, &inputs)?;
    }
    let path = if args.outline.as_os_str() == "-" {
        "standard input".to_owned()
    } else {
        args.outline.display().to_string()
    };
    let text = super::read_text(&args.outline, "outline", super::MAX_OUTLINE_BYTES)?;
    let outline = Outline::from_yaml(&text).map_err(|e| e.in_file(&path, &text))?;
    if outline.document_count > 1 {
        eprintln!(
            "note: {path} holds {} parsed files; drafting the first (parse one file at a time to \
             draft another)",
            outline.document_count
        );
    }
    if outline.speech_count > 1 {
        eprintln!(
            "note: {path} holds {} speeches; drafting the first (delete the others to draft another)",
            outline.speech_count
        );
    }
    let (rules, _) = super::load_rules(&args.rules, args.no_builtin_rules)?;
    let templates = Templates::with_overrides(user_templates(args.templates.as_deref())?);
    if let Some(chars) = args.length {
        crate::outline::check_length(chars)
            .map_err(|m| Error::input(format!("--length {chars}: {m}")))?;
    }
    if let Some(minutes) = args.minutes {
        let (low, high) = (
            crate::outline::LENGTHS.start().div_ceil(CHARS_PER_MINUTE),
            crate::outline::LENGTHS.end() / CHARS_PER_MINUTE,
        );
        if !(low..=high).contains(&minutes) {
            return Err(Error::input(format!(
                "--minutes {minutes} is out of range; ask for {low} to {high} minutes of speaking"
            )));
        }
    }
    let target = args
        .length
        .or(args.minutes.map(|m| m.saturating_mul(CHARS_PER_MINUTE)));
    let seed = match args.seed.or(outline.seed) {
        Some(seed) => seed,
        None => {
            let seed = random_seed();
            eprintln!("seed: {seed} (draft the same again with --seed {seed})");
            seed
        }
    };
    let render_target = if args.format == DraftFormat::Md {
        Target::Markdown
    } else {
        Target::Text
    };
    if let Some(field) = &outline.field {
        let lexicon = crate::plan::lexicon_of(&rules);
        if !lexicon.knows(&field.value) {
            let known: Vec<&str> = lexicon.fields().map(|d| d.name.name()).collect();
            return Err(Diagnostic::new(format!(
                "`field: {}` is not a field of the rules",
                field.value
            ))
            .at(field.referenced.line(), field.referenced.column())
            .wide(field.referenced.span().len() as usize)
            .hint(format!(
                "use one of {}, or pass a rules file that declares it with --rules",
                known.join(", ")
            ))
            .in_file(&path, &text)
            .into());
        }
    }
    if args.refill && outline.sections().iter().all(|s| s.blocks.is_none()) {
        eprintln!(
            "note: --refill rewrites a parsed speech's paragraphs and bodies; {path} has none, \
             so it is drafted as usual"
        );
    }
    let options = crate::plan::PlanOptions {
        target,
        refill: args.refill,
    };
    let mut drafter = Drafter::new(&outline, &rules, &templates, options, render_target)?;
    eprintln!("{}", drafter.field().note());
    let (plan, draft) = drafter.draft(seed)?;
    for note in &plan.notes {
        eprintln!("note: {note}");
    }
    if let Some(target) = target {
        let got = crate::output::char_count(&draft);
        if got * 10 < target * 9 || got * 10 > target * 11 {
            eprintln!(
                "note: the draft has {got} characters, not {target} (±10%): the outline's own text, the \
                 numbering and the rules' sentences do not fit that length; change the outline or the length"
            );
        }
    }
    let out = match args.format {
        DraftFormat::Txt | DraftFormat::Md => draft.into_bytes(),
        DraftFormat::Json => crate::output::json(&plan, &draft, drafter.field()).into_bytes(),
        DraftFormat::Docx => {
            let style = style.as_ref().expect("a docx draft has its style");
            crate::docx::draft_to_docx(&plan, &draft, style)?
        }
    };
    match &args.output {
        Some(file) => write_atomically(file, &out)?,
        None => {
            super::print(&String::from_utf8_lossy(&out))?;
        }
    }
    Ok(())
}

/// A seed from the operating system's randomness (std's hasher keys come from it).
fn random_seed() -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

/// The style a docx output is written in (`--style FILE` or the built-in one); `None` for
/// other outputs, where a `--style` is a mistake worth saying.
pub(super) fn docx_style(
    docx: bool,
    file: Option<&std::path::Path>,
) -> Result<Option<crate::docx::Style>, Error> {
    match (docx, file) {
        (true, file) => super::styles::load_style(file).map(Some),
        (false, Some(_)) => Err(Error::input(
            "--style lays out Word documents: use it with --format docx",
        )),
        (false, None) => Ok(None),
    }
}
