//! "What to do next" and "who do I ask?" as the readers of example-site
//! meet them: the programme's contact at the foot of every page, how to
//! ask a mentor with a free seat for one, each portfolio's next steps, and
//! the entries a mentor has to sign off — where a private apprentice
//! leaves no trace, not even in the count.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use compagnon::i18n::Lang;
use compagnon::model::Visibility;
use compagnon::render::RenderOptions;
use compagnon::render::text;
use jiff::civil::date;

/// example-site's own reference day (`as_of`).
fn options() -> compagnon::Options {
    compagnon::Options {
        today: Some(date(2026, 12, 18)),
        drafts: false,
    }
}

/// A clean build in memory: every file by path.
fn build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let (checked, files) = compagnon::render_site(root, &options(), &RenderOptions::default());
    files.unwrap_or_else(|| panic!("the site builds: {:#?}", checked.diagnostics))
}

fn page(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    page_text(files, path)
}

/// Replaces `from` by `to` in a file of the site at `root`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

const PROGRAMME_CONTACT: &str = "Une question\u{a0}? Contact du programme\u{a0}: \
     <a href=\"mailto:isabelle.roux@example.org\">isabelle.roux@example.org</a>";
const REQUEST: &str = "Pour demander une place\u{a0}: écrire à ";

fn request_to(address: &str) -> String {
    format!("{REQUEST}<a href=\"mailto:{address}\">{address}</a>")
}

#[test]
fn every_page_ends_with_the_programme_contact() {
    let files = build(Path::new("example-site"));
    let mut pages = 0;
    for (path, bytes) in &files {
        let html = String::from_utf8_lossy(bytes);
        // An old address of a handbook page only sends readers on.
        if !path.ends_with(".html") || html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let footer = &html[html
            .find("<footer")
            .unwrap_or_else(|| panic!("{path} has no footer"))..];
        assert!(footer.contains(PROGRAMME_CONTACT), "{path}: {footer}");
        pages += 1;
    }
    assert!(pages > 100, "{pages} pages");
}

#[test]
fn a_mentor_with_a_free_seat_says_whom_to_write_to() {
    let files = build(Path::new("example-site"));
    let mentor = |slug: &str| page(&files, &format!("mentors/{slug}/index.html"));

    // Claire Dubois shows her contact: write to her.
    let claire = mentor("claire-dubois");
    assert!(claire.contains("1 place libre sur 3"), "{claire}");
    assert!(claire.contains(&request_to("claire.dubois@example.org")));
    // Nadia Benali keeps hers to herself: write to the programme.
    let nadia = mentor("nadia-benali");
    assert!(nadia.contains(&request_to("isabelle.roux@example.org")));
    assert!(!nadia.contains("nadia.benali@example.org"));
    // Full, or not taking anyone: nothing to request.
    for slug in ["karim-haddad", "isabelle-roux"] {
        let page = mentor(slug);
        assert!(!page.contains(REQUEST), "{slug}");
    }
    assert!(mentor("karim-haddad").contains("Complet"));

    let list = page(&files, "mentors/index.html");
    assert!(list.contains(&request_to("claire.dubois@example.org")));
    assert!(list.contains(&request_to("isabelle.roux@example.org")));
}

/// Every portfolio's next steps say what the derived figures and the
/// matching hold for that apprentice, and example-site shows each kind.
#[test]
fn a_portfolio_says_what_comes_next() {
    let root = Path::new("example-site");
    let files = build(root);
    let project = compagnon::open(root, &options());
    let site = project.site().unwrap();
    let derived = &project.ready.as_ref().unwrap().derived;
    let found = compagnon::matching::match_site(site, derived);
    let mut seen = [0; 6];
    for (i, apprentice) in site.apprentices.iter().enumerate() {
        if apprentice.visibility == Visibility::Private {
            continue;
        }
        let html = page(
            &files,
            &format!("apprentices/{}/index.html", apprentice.slug),
        );
        let progress = &derived.apprentices[i];
        if let Some(due) = progress.review_due {
            let due = text::day_month(Lang::Fr, due);
            let review = format!("Bilan du mois à faire d’ici le {due}");
            assert!(html.contains(&review), "{}: {review}", apprentice.slug);
            seen[0] += 1;
        } else {
            assert!(
                !html.contains("Bilan du mois à faire"),
                "{}",
                apprentice.slug
            );
        }
        let mentor = derived.links.mentor_of[i].map(|m| &site.mentors[m]);
        match (progress.awaiting_sign_off.len(), mentor) {
            (0, _) => assert!(!html.contains("#h-timeline\">"), "{}", apprentice.slug),
            (n, Some(mentor)) => {
                let (entries, wait) = if n == 1 {
                    ("entrée", "attend")
                } else {
                    ("entrées", "attendent")
                };
                let waiting = format!(
                    "<a href=\"../../apprentices/{}/#h-timeline\">{n} {entries}</a> \
                     {wait} la validation de {}",
                    apprentice.slug, mentor.name
                );
                assert!(html.contains(&waiting), "{}: {waiting}", apprentice.slug);
                assert!(html.contains("id=\"h-timeline\""));
                seen[1] += 1;
            }
            (_, None) => {
                assert!(
                    html.contains("la validation d’un mentor"),
                    "{}",
                    apprentice.slug
                )
            }
        }
        if let Some(g) = progress.next_goal {
            let goal = &apprentice.goals[g];
            let due = text::date(Lang::Fr, goal.due.value);
            let late = progress.goals[g].status == compagnon::derive::GoalStatus::Late;
            let when = if late {
                format!("en retard depuis le {due}")
            } else {
                format!("pour le {due}")
            };
            let title = compagnon::i18n::french_typography(&goal.title.value);
            let next = format!("Prochain objectif\u{a0}: «\u{a0}{title}\u{a0}», {when}");
            assert!(html.contains(&next), "{}: {next}", apprentice.slug);
            seen[if late { 2 } else { 3 }] += 1;
        }
        if mentor.is_none() {
            let proposed = found.apprentices[i].mentor.map(|m| &site.mentors[m]);
            let said = match proposed {
                Some(m) => format!(
                    "Pas encore de mentor — la coordination du programme propose \
                     <a href=\"../../mentors/{}/\">{}</a>",
                    m.slug, m.name
                ),
                None => "Pas encore de mentor — la coordination du programme en cherche un. \
                         Contact\u{a0}: <a href=\"mailto:isabelle.roux@example.org\">"
                    .to_string(),
            };
            assert!(html.contains(&said), "{}: {said}", apprentice.slug);
            seen[if proposed.is_some() { 4 } else { 5 }] += 1;
        } else {
            assert!(
                !html.contains("Pas encore de mentor —"),
                "{}",
                apprentice.slug
            );
        }
    }
    // A review due, entries awaiting sign-off, a late goal, a goal ahead,
    // a mentor proposed, none found: example-site shows each.
    assert!(seen.iter().all(|&n| n > 0), "{seen:?}");
}

/// Without sign-off, without a programme contact, and for an apprentice
/// no mentor can take: nothing is promised that the site cannot keep.
#[test]
fn without_sign_off_or_contact_the_steps_say_only_what_holds() {
    let dir = common::example_copy();
    let root = dir.path();
    edit(
        root,
        "site.toml",
        "require_mentor_sign_off = true",
        "require_mentor_sign_off = false",
    );
    edit(
        root,
        "site.toml",
        "contact = \"isabelle.roux@example.org\"",
        "",
    );
    // Nobody else speaks Wolof: no mentor can be proposed.
    edit(
        root,
        "apprentices/theo-lambert/_index.md",
        "languages = [\"fr\", \"en\"]",
        "languages = [\"wo\"]",
    );
    let files = build(root);
    for (path, bytes) in &files {
        let html = String::from_utf8_lossy(bytes);
        if let Some(footer) = html.find("<footer") {
            assert!(!html[footer..].contains("Contact du programme"), "{path}");
        }
        assert!(!html.contains("#h-timeline\">"), "{path}");
    }
    let theo = page(&files, "apprentices/theo-lambert/index.html");
    assert!(
        theo.contains("Pas encore de mentor — la coordination du programme en cherche un.</li>"),
        "{theo}"
    );
    // A mentor who shows no contact, on a programme that names none.
    assert!(!page(&files, "mentors/nadia-benali/index.html").contains(REQUEST));
    assert!(
        page(&files, "mentors/claire-dubois/index.html")
            .contains(&request_to("claire.dubois@example.org"))
    );
}

/// How many entries of mentor `slug`'s public apprentices await sign-off.
fn public_sign_offs(root: &Path, slug: &str) -> usize {
    let project = compagnon::open(root, &options());
    let site = project.site().unwrap();
    let derived = &project.ready.as_ref().unwrap().derived;
    let m = site.mentors.iter().position(|m| m.slug == slug).unwrap();
    derived.links.mentees[m]
        .iter()
        .filter(|&&a| site.apprentices[a].visibility == Visibility::Public)
        .map(|&a| derived.apprentices[a].awaiting_sign_off.len())
        .sum()
}

fn to_sign_off(n: usize) -> String {
    if n == 1 {
        "1 entrée à valider".into()
    } else {
        format!("{n} entrées à valider")
    }
}

#[test]
fn a_mentor_page_counts_sign_offs_of_public_apprentices_only() {
    let root = Path::new("example-site");
    let files = build(root);
    let project = compagnon::open(root, &options());
    let site = project.site().unwrap();
    for mentor in &site.mentors {
        let html = page(&files, &format!("mentors/{}/index.html", mentor.slug));
        match public_sign_offs(root, &mentor.slug) {
            0 => assert!(!html.contains("h-sign-offs"), "{}", mentor.slug),
            n => assert!(html.contains(&to_sign_off(n)), "{}: {n}", mentor.slug),
        }
        // Unlisted (Chloé Fontaine) and private (Manon Roussel) apprentices
        // are neither named nor linked.
        for hidden in site
            .apprentices
            .iter()
            .filter(|a| a.visibility != Visibility::Public)
        {
            assert!(
                !html.contains(&hidden.name),
                "{} names {}",
                mentor.slug,
                hidden.name
            );
            assert!(!html.contains(&format!("apprentices/{}/", hidden.slug)));
        }
    }

    // Hugo Leroy's portfolio made private: Claire Dubois's count drops by
    // his entries, and his name leaves her page.
    let before = public_sign_offs(root, "claire-dubois");
    let dir = common::example_copy();
    let copy = dir.path();
    edit(
        copy,
        "apprentices/hugo-leroy/_index.md",
        "visibility = \"public\"",
        "visibility = \"private\"",
    );
    let after = public_sign_offs(copy, "claire-dubois");
    assert!(
        after < before,
        "{after} < {before}: Hugo Leroy has entries awaiting sign-off"
    );
    let claire = page(&build(copy), "mentors/claire-dubois/index.html");
    assert!(claire.contains(&to_sign_off(after)), "{claire}");
    assert!(!claire.contains(&to_sign_off(before)));
    assert!(
        !claire.contains("Hugo") && !claire.contains("hugo-leroy"),
        "{claire}"
    );
}

/// The new sections keep each page within its weight: HTML, CSS and
/// JavaScript under 60 KB (see tests/browser/run.mjs).
#[test]
fn portfolios_and_mentor_pages_stay_within_the_page_budget() {
    let files = build(Path::new("example-site"));
    let assets: usize = ["assets/style.css", "assets/compagnon.js"]
        .iter()
        .map(|a| files[*a].len())
        .sum();
    for (path, bytes) in &files {
        let portfolio = path.starts_with("apprentices/") && path.matches('/').count() == 2;
        let mentor = path.starts_with("mentors/");
        if (portfolio || mentor) && path.ends_with("index.html") {
            let weight = bytes.len() + assets;
            assert!(weight < 60 * 1024, "{path}: {weight} bytes");
        }
    }
}

/// An English site: a phone number is a `tel:` link; any other text is
/// printed as written, escaped.
#[test]
fn a_phone_number_is_dialled_and_a_name_is_escaped() {
    let site = TestSite::in_language(Lang::En);
    site.edit(
        SITE_TOML,
        "required_hours = 400",
        "required_hours = 400\ncontact = \"+44 (0)20 7946 0000\"",
    );
    let files = compagnon::render_site(&site.root(), &options(), &RenderOptions::default())
        .1
        .expect("the site builds");
    let home = page(&files, "index.html");
    assert!(
        home.contains(
            "Questions? Programme contact: <a href=\"tel:+442079460000\">+44 (0)20 7946 0000</a>"
        ),
        "{home}"
    );

    site.edit(
        SITE_TOML,
        "contact = \"+44 (0)20 7946 0000\"",
        "contact = \"Desk <b>12</b> & co\"",
    );
    let files = compagnon::render_site(&site.root(), &options(), &RenderOptions::default())
        .1
        .expect("the site builds");
    let home = page(&files, "index.html");
    assert!(
        home.contains("Questions? Programme contact: Desk &lt;b&gt;12&lt;"),
        "{home}"
    );
    assert!(!home.contains("<b>12"));
}

/// The mentor a portfolio proposes comes from the matching of the whole
/// programme: when another apprentice takes that mentor's last seat, a
/// rebuild (what `serve` does after a save) proposes someone else, as a
/// clean build does.
#[test]
fn a_rebuild_proposes_the_mentor_the_matching_proposes_now() {
    let dir = common::example_copy();
    let root = dir.path();
    let mut session = compagnon::session::Session::new(root, options(), RenderOptions::default());
    assert!(session.rebuild().outcome.is_some());
    let elodie = "apprentices/elodie-gateau/index.html";
    let proposed = "propose <a href=\"../../mentors/claire-dubois/\">Claire Dubois</a>";
    assert!(String::from_utf8_lossy(&session.files()[elodie]).contains(proposed));

    // Théo Lambert takes Claire Dubois's last seat.
    edit(
        root,
        "apprentices/theo-lambert/_index.md",
        "cohort = ",
        "mentor = \"claire-dubois\"\ncohort = ",
    );
    assert!(session.rebuild().outcome.is_some());
    let rebuilt = String::from_utf8_lossy(&session.files()[elodie]).into_owned();
    assert!(!rebuilt.contains(proposed), "{rebuilt}");
    assert_eq!(rebuilt, page(&build(root), elodie));
}
