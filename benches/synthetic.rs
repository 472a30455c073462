//! A synthetic programme of N apprentices, for benchmarks: the shape of
//! example-site (blocks, competencies, mentors, weekly check-ins, monthly
//! reviews, practice with evidence) at any size. Deterministic: the same N
//! gives the same files.

use std::fmt::Write as _;
use std::path::Path;

pub const COMPETENCIES: usize = 15;
pub const ENTRIES_PER_APPRENTICE: usize = 30;

pub fn write_site(root: &Path, apprentices: usize) {
    let mentors = (apprentices / 4).max(2);
    let write = |rel: &str, text: &str| write_file(root, rel, text);
    write(
        "site.toml",
        "title = \"Synthetic programme\"\nbase_url = \"https://example.org/bench/\"\nlanguage = \"fr\"\n\
         [programme]\nstart = 2026-09-01\nend = 2027-06-30\nas_of = 2026-12-18\nrequired_hours = 400\n",
    );
    write(
        "programme/_index.md",
        "+++\ntitle = \"Guide\"\n+++\nBienvenue.\n",
    );
    for page in 0..20 {
        write(
            &format!("programme/section-{}/page-{page}.md", page % 4),
            &format!(
                "+++\ntitle = \"Page {page}\"\nweight = {page}\n+++\n## Partie\n\nTexte de la page {page}.\n"
            ),
        );
    }
    let mut framework = String::from(
        "+++\nscale = [\"Découverte\", \"Guidé\", \"Autonome\", \"Maîtrise\", \"Expert\"]\n",
    );
    for block in 0..3 {
        let _ = write!(
            framework,
            "[[blocks]]\nid = \"b{block}\"\nname = \"Bloc {block}\"\n"
        );
    }
    framework.push_str("+++\nLe référentiel.\n");
    write("competencies/_index.md", &framework);
    for c in 0..COMPETENCIES {
        write(
            &format!("competencies/c{c}.md"),
            &format!(
                "+++\nname = \"Compétence {c}\"\nblock = \"b{}\"\ntarget = 3\nlevels = {{ 1 = \"Débute\", 3 = \"Autonome\", 5 = \"Expert\" }}\n+++\nDescription.\n",
                c % 3
            ),
        );
    }
    for m in 0..mentors {
        write(
            &format!("mentors/mentor-{m}.md"),
            &format!(
                "+++\nname = \"Mentor {m}\"\nskills = {{ c{} = 5, c{} = 4, c{} = 3 }}\ncapacity = 5\nlanguages = [\"fr\"]\nlocation = \"Ville {}\"\navailability = [\"mon-am\", \"wed-pm\"]\n+++\nBio.\n",
                m % COMPETENCIES,
                (m + 1) % COMPETENCIES,
                (m + 2) % COMPETENCIES,
                m % 7
            ),
        );
    }
    for a in 0..apprentices {
        let dir = format!("apprentices/apprenti-{a}");
        let visibility = ["public", "public", "unlisted", "private"][a % 4];
        write(
            &format!("{dir}/_index.md"),
            &format!(
                "+++\nname = \"Apprenti {a}\"\nstarted = 2026-09-01\nmentor = \"mentor-{}\"\nvisibility = \"{visibility}\"\ncohort = \"cohorte-{}\"\n\
                 [[goals]]\ntitle = \"Objectif\"\ncompetency = \"c{}\"\nlevel = 3\ndue = 2027-01-31\n+++\nÀ propos.\n",
                a % mentors,
                a % 2,
                a % COMPETENCIES
            ),
        );
        write(&format!("{dir}/photo.jpg"), "not really a jpeg");
        for e in 0..ENTRIES_PER_APPRENTICE {
            // Weekly from 2026-09-01: day of year 244 + 3.5 days per entry.
            let day = jiff::civil::date(2026, 9, 1)
                .saturating_add(jiff::Span::new().days((e * 107 / 30) as i64));
            let kind = ["checkin", "practice", "practice", "review", "training"][e % 5];
            let kind = if e == ENTRIES_PER_APPRENTICE - 1 {
                "checkin"
            } else {
                kind
            };
            write(
                &format!("{dir}/{day}-entree-{e}.md"),
                &format!(
                    "+++\ntitle = \"Entrée {e}\"\ndate = {day}\nkind = \"{kind}\"\nhours = 3.5\ncompetencies = {{ c{} = {} }}\nevidence = [\"photo.jpg\"]\nvalidated_by = \"mentor-{}\"\n+++\nCe que j'ai fait cette semaine.\n",
                    (a + e) % COMPETENCIES,
                    1 + e * 4 / ENTRIES_PER_APPRENTICE,
                    a % mentors
                ),
            );
        }
    }
}

/// A programme to match: `apprentices` profiles without a mentor and
/// `apprentices / 5` mentors (so 10,000 × 2,000), no log entries. Skills,
/// languages, towns, remote work and half-day slots vary as in a real
/// regional programme; a pseudo-random sequence keeps it deterministic.
pub fn write_matching_site(root: &Path, apprentices: usize) {
    let write = |rel: &str, text: &str| write_file(root, rel, text);
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |below: u64| {
        // SplitMix64.
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % below
    };
    const TOWNS: [&str; 8] = [
        "Lille", "Paris", "Lyon", "Nantes", "Brest", "Metz", "Nice", "Pau",
    ];
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    write(
        "site.toml",
        "title = \"Synthetic matching\"\nbase_url = \"https://example.org/bench/\"\nlanguage = \"fr\"\n",
    );
    write(
        "programme/_index.md",
        "+++\ntitle = \"Guide\"\n+++\nBienvenue.\n",
    );
    let mut framework = String::from(
        "+++\nscale = [\"Découverte\", \"Guidé\", \"Autonome\", \"Maîtrise\", \"Expert\"]\n\
         [[blocks]]\nid = \"b\"\nname = \"Bloc\"\n+++\n",
    );
    framework.push_str("Le référentiel.\n");
    write("competencies/_index.md", &framework);
    const SKILLS: u64 = 20;
    for c in 0..SKILLS {
        write(
            &format!("competencies/c{c}.md"),
            &format!("+++\nname = \"Compétence {c}\"\nblock = \"b\"\ntarget = 3\n+++\n"),
        );
    }
    let person = |next: &mut dyn FnMut(u64) -> u64| {
        let languages = if next(4) == 0 {
            ["\"fr\"", "\"en\"", "\"ar\""][next(3) as usize]
        } else {
            "\"fr\""
        };
        let slots: Vec<String> = (0..14)
            .filter(|_| next(3) == 0)
            .map(|b| format!("\"{}-{}\"", DAYS[b / 2], ["am", "pm"][b % 2]))
            .collect();
        format!(
            "languages = [\"fr\", {languages}]\nlocation = \"{}\"\nremote = {}\navailability = [{}]\n",
            TOWNS[next(8) as usize],
            next(2) == 0,
            slots.join(", ")
        )
        .replace("[\"fr\", \"fr\"]", "[\"fr\"]")
    };
    for m in 0..apprentices / 5 {
        let mut skills: Vec<(u64, u64)> = (0..1 + next(4))
            .map(|_| (next(SKILLS), 2 + next(4)))
            .collect();
        skills.sort();
        skills.dedup_by_key(|(c, _)| *c);
        let skills: Vec<String> = skills
            .iter()
            .map(|(c, level)| format!("c{c} = {level}"))
            .collect();
        let about = person(&mut next);
        write(
            &format!("mentors/mentor-{m}.md"),
            &format!(
                "+++\nname = \"Mentor {m}\"\nskills = {{ {} }}\ncapacity = {}\n{about}+++\n",
                skills.join(", "),
                next(8)
            ),
        );
    }
    for a in 0..apprentices {
        let mut seeking: Vec<u64> = (0..1 + next(3)).map(|_| next(SKILLS)).collect();
        seeking.sort();
        seeking.dedup();
        let seeking: Vec<String> = seeking.iter().map(|c| format!("\"c{c}\"")).collect();
        let about = person(&mut next);
        write(
            &format!("apprentices/apprenti-{a}/_index.md"),
            &format!(
                "+++\nname = \"Apprenti {a}\"\nstarted = 2026-09-01\nvisibility = \"public\"\nseeking = [{}]\n{about}+++\n",
                seeking.join(", ")
            ),
        );
    }
}

/// A handbook of `pages` pages in nested folders, as a large organisation
/// writes one: parts with an `_index.md`, chapters with and without one,
/// pages a few kilobytes long with headings, lists, tables and links.
/// Returns each page's source path under `programme/`, in the order written.
pub fn write_handbook(root: &Path, pages: usize) -> Vec<String> {
    let write = |rel: &str, text: &str| write_file(root, rel, text);
    if !root.join("site.toml").exists() {
        write(
            "site.toml",
            "title = \"Synthetic handbook\"\nbase_url = \"https://example.org/guide/\"\nlanguage = \"fr\"\n",
        );
    }
    let body = |n: usize| {
        let mut text = String::new();
        for part in 0..4 {
            let _ = write!(
                text,
                "## Étape {part} de la page {n}\n\nL'apprenti prépare son poste : il vérifie les outils, \
                 relit la fiche de sécurité et note ce qu'il veut demander à son mentor. \
                 Voir [la page précédente](../) et le [référentiel](/competencies/).\n\n\
                 - un point à vérifier\n- un autre point, « entre guillemets »\n- un dernier point ; avec ponctuation !\n\n\
                 | Geste | Niveau |\n|---|---|\n| Souder | 3 |\n| Mesurer | 2 |\n\n"
            );
        }
        text
    };
    let mut written = Vec::with_capacity(pages);
    let page = |rel: String, title: String, weight: usize, written: &mut Vec<String>| {
        let n = written.len();
        write(
            &format!("programme/{rel}"),
            &format!(
                "+++\ntitle = \"{title}\"\nweight = {weight}\ndescription = \"Résumé de {title}\"\n+++\n{}",
                body(n)
            ),
        );
        written.push(rel);
    };
    page("_index.md".into(), "Guide".into(), 0, &mut written);
    // Ten pages a chapter, ten chapters a part; every third chapter has no
    // _index.md of its own, so its pages hang under the part.
    let mut part = 0;
    'parts: loop {
        page(
            format!("partie-{part}/_index.md"),
            format!("Partie {part}"),
            part,
            &mut written,
        );
        for chapter in 0..10 {
            if written.len() >= pages {
                break 'parts;
            }
            if chapter % 3 != 2 {
                page(
                    format!("partie-{part}/chapitre-{chapter}/_index.md"),
                    format!("Chapitre {part}.{chapter}"),
                    chapter,
                    &mut written,
                );
            }
            for p in 0..10 {
                if written.len() >= pages {
                    break 'parts;
                }
                // Weights repeat, so titles break the ties.
                page(
                    format!("partie-{part}/chapitre-{chapter}/page-{p}.md"),
                    format!("Page {part}.{chapter}.{p}"),
                    p % 4,
                    &mut written,
                );
            }
        }
        part += 1;
        if written.len() >= pages {
            break;
        }
    }
    written
}

/// Writes a file of a generated site, making its folders.
fn write_file(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}
