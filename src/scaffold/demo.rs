//! A made-up programme of any size (`compagnon init DIR --demo N`): to try
//! compagnon at the scale of a large organisation, and what the tests and
//! the benchmark build. N apprentices with about twelve log entries each
//! (fortnightly check-ins, practice, training, monthly reviews, some signed
//! off with feedback, some with a photo), N / 5 mentors, a framework of 40
//! competencies in 6 blocks and a handbook of 50 pages in nested folders.
//! French, like most of the programmes it is made for. Deterministic: the
//! same N and day give the same files, byte for byte.

use std::fmt::Write as _;
use std::path::Path;

use jiff::ToSpan;
use jiff::civil::Date;

use crate::slug::slugify;

/// What [`write`] made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Demo {
    pub apprentices: usize,
    pub mentors: usize,
    pub competencies: usize,
    pub handbook: usize,
    pub entries: usize,
    pub photos: usize,
    /// Every file written, relative to the site.
    pub files: usize,
}

pub const COMPETENCIES: usize = 40;
const BLOCKS: [(&str, &str); 6] = [
    ("metier", "Gestes du métier"),
    ("securite", "Santé et sécurité"),
    ("qualite", "Qualité et contrôle"),
    ("client", "Relation client"),
    ("equipe", "Travail en équipe"),
    ("numerique", "Outils numériques"),
];
const VERBS: [&str; 10] = [
    "Préparer",
    "Réaliser",
    "Contrôler",
    "Organiser",
    "Expliquer",
    "Entretenir",
    "Diagnostiquer",
    "Planifier",
    "Documenter",
    "Améliorer",
];
const OBJECTS: [&str; 20] = [
    "le poste de travail",
    "une intervention chez le client",
    "un devis simple",
    "la traçabilité des produits",
    "les règles d'hygiène",
    "un montage électrique",
    "une soudure à l'arc",
    "la mise en place du service",
    "un schéma de principe",
    "les stocks et les commandes",
    "un accueil téléphonique",
    "une réclamation",
    "un tableau de suivi",
    "la sécurité du chantier",
    "les gestes et postures",
    "un compte rendu d'activité",
    "les réglages d'une machine",
    "un contrôle de conformité",
    "la passation de consignes",
    "une fiche technique",
];
const FIRST: [&str; 40] = [
    "Inès",
    "Lucas",
    "Chloé",
    "Yanis",
    "Léa",
    "Théo",
    "Manon",
    "Samir",
    "Élodie",
    "Hugo",
    "Awa",
    "Jules",
    "Zoé",
    "Maël",
    "Anaïs",
    "Noé",
    "Sarah",
    "Karim",
    "Camille",
    "Léon",
    "Hélène",
    "Jérôme",
    "Aïcha",
    "Baptiste",
    "Clémence",
    "Mathis",
    "Nour",
    "Océane",
    "Rayan",
    "Solène",
    "Tom",
    "Émilie",
    "Adrien",
    "Fatou",
    "Gaëlle",
    "Idriss",
    "Jade",
    "Kévin",
    "Lina",
    "Mehdi",
];
const LAST: [&str; 40] = [
    "Mercier",
    "Martin",
    "Fontaine",
    "Bouzid",
    "Girard",
    "Lambert",
    "Roussel",
    "Chaoui",
    "Gâteau",
    "Leroy",
    "Diallo",
    "Bernard",
    "Petit",
    "Caron",
    "Lemaire",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Guérin",
    "Boyer",
    "Faure",
    "André",
    "Mercier-Blanc",
    "Benali",
    "N'Diaye",
    "Perrin",
    "Nguyen",
    "Colin",
    "Masson",
    "Brunet",
];
const TOWNS: [&str; 12] = [
    "Lille",
    "Roubaix",
    "Tourcoing",
    "Villeneuve-d'Ascq",
    "Arras",
    "Douai",
    "Lens",
    "Valenciennes",
    "Dunkerque",
    "Calais",
    "Amiens",
    "Béthune",
];
const SLOTS: [&str; 10] = [
    "mon-am", "mon-pm", "tue-am", "tue-pm", "wed-am", "wed-pm", "thu-am", "thu-pm", "fri-am",
    "fri-pm",
];
const SECTIONS: [(&str, &str); 7] = [
    ("demarrer", "Démarrer"),
    ("roles", "Les rôles"),
    ("suivi", "Le suivi"),
    ("formats", "Les formats de mentorat"),
    ("evaluation", "L'évaluation"),
    ("pratiques", "Bonnes pratiques"),
    ("ressources", "Ressources"),
];

/// SplitMix64: a small deterministic sequence, so that the same N always
/// gives the same site (no `rand` dependency for a demo).
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..below` (`below` > 0).
    fn below(&mut self, below: usize) -> usize {
        (self.next() % below as u64) as usize
    }
}

/// The id and name of competency `c`.
fn competency(c: usize) -> (String, String) {
    let name = format!(
        "{} {}",
        VERBS[c % VERBS.len()],
        OBJECTS[(c * 7 + c / 10) % OBJECTS.len()]
    );
    (format!("{}-{}", slugify(&name), c), name)
}

/// Writes a programme of `apprentices` apprentices into `dir` (which must
/// be empty or not exist), as it stands on `today`.
pub fn write(dir: &Path, apprentices: usize, today: Date) -> std::io::Result<Demo> {
    let mut demo = Demo {
        apprentices,
        mentors: (apprentices / 5).max(2),
        competencies: COMPETENCIES,
        ..Demo::default()
    };
    let mut files = 0;
    let mut put = |rel: &str, bytes: &[u8]| -> std::io::Result<()> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
        files += 1;
        Ok(())
    };
    let mut random = Sequence(0x636f_6d70_6167_6e6f ^ apprentices as u64);
    // The programme began 12 weeks ago; a second cohort 6 weeks later.
    let start = today.saturating_sub(12.weeks());
    let end = start.saturating_add(10.months());
    put(
        "site.toml",
        format!(
            "title = \"Programme de démonstration ({apprentices} apprentis)\"\n\
             base_url = \"https://example.org/demo/\"\n\
             language = \"fr\"\n\
             description = \"Un programme d'apprentissage imaginaire, généré par compagnon init --demo.\"\n\n\
             [programme]\nstart = {start}\nend = {end}\nas_of = {today}\nrequired_hours = 400\n\
             checkin_every = \"fortnight\"\n\n\
             [validation]\nrequire_mentor_sign_off = false\n\n\
             [privacy]\napprentice_default = \"unlisted\"\n"
        )
        .as_bytes(),
    )?;

    // The framework.
    let mut framework = String::from(
        "+++\ntitle = \"Référentiel de compétences\"\n\
         scale = [\"Découverte\", \"Guidé\", \"Autonome\", \"Maîtrise\", \"Expert\"]\n",
    );
    for (id, name) in BLOCKS {
        let _ = write!(
            framework,
            "\n[[blocks]]\nid = \"{id}\"\nname = \"{name}\"\n"
        );
    }
    framework.push_str(
        "+++\nLes compétences du programme, regroupées en six blocs. Chaque apprenti les \
         montre dans son journal ; son mentor valide le niveau atteint.\n",
    );
    put("competencies/_index.md", framework.as_bytes())?;
    for c in 0..COMPETENCIES {
        let (id, name) = competency(c);
        let text = format!(
            "+++\nname = \"{name}\"\nblock = \"{}\"\ntarget = {}\n\n[levels]\n\
             1 = \"Observe et reformule les étapes.\"\n\
             3 = \"Réalise seul dans les situations courantes.\"\n\
             5 = \"Transmet le geste et traite les cas difficiles.\"\n+++\n\
             {name} : ce qui est attendu de l'apprenti, les situations de travail où le montrer, \
             et les erreurs fréquentes à éviter.\n",
            BLOCKS[c % BLOCKS.len()].0,
            2 + c % 3
        );
        put(&format!("competencies/{id}.md"), text.as_bytes())?;
    }

    // The handbook: a front page, 7 sections, 42 pages, some two levels deep.
    put(
        "programme/_index.md",
        "+++\ntitle = \"Le guide du programme\"\n+++\n\
         Ce guide réunit ce que mentors, apprentis et coordinateurs doivent savoir : \
         les rôles, le rythme du suivi, l'évaluation et les ressources.\n\n\
         Voir aussi le [référentiel de compétences](/competencies/).\n"
            .as_bytes(),
    )?;
    demo.handbook = 1;
    for (s, (id, title)) in SECTIONS.iter().enumerate() {
        put(
            &format!("programme/{id}/_index.md"),
            format!(
                "+++\ntitle = \"{title}\"\nweight = {s}\n+++\n\
                 Les pages de cette rubrique : {title}.\n"
            )
            .as_bytes(),
        )?;
        demo.handbook += 1;
        for p in 0..6 {
            let folder = if p >= 4 {
                format!("programme/{id}/approfondir")
            } else {
                format!("programme/{id}")
            };
            if p == 4 {
                put(
                    &format!("{folder}/_index.md"),
                    format!("+++\ntitle = \"Approfondir : {title}\"\nweight = 10\n+++\nPour aller plus loin.\n").as_bytes(),
                )?;
                demo.handbook += 1;
            }
            if demo.handbook >= 50 {
                break;
            }
            put(
                &format!("{folder}/page-{p}.md"),
                handbook_page(title, s, p).as_bytes(),
            )?;
            demo.handbook += 1;
        }
    }

    // Mentors: four to six competencies each, five or six seats.
    let mut skills_of = Vec::with_capacity(demo.mentors);
    let mut mentor_slugs = Vec::with_capacity(demo.mentors);
    for m in 0..demo.mentors {
        let name = format!(
            "{} {}",
            FIRST[(m * 7 + 3) % FIRST.len()],
            LAST[(m * 11 + 5) % LAST.len()]
        );
        let slug = format!("{}-{m}", slugify(&name));
        let count = 4 + random.below(3);
        let first = random.below(COMPETENCIES);
        let skills: Vec<usize> = (0..count).map(|k| (first + k * 7) % COMPETENCIES).collect();
        let skill_list = skills
            .iter()
            .map(|&c| format!("{} = {}", competency(c).0, 4 + random.below(2)))
            .collect::<Vec<_>>()
            .join(", ");
        let languages = match random.below(10) {
            0 => "[\"fr\", \"en\"]",
            1 => "[\"fr\", \"ar\"]",
            _ => "[\"fr\"]",
        };
        let slots: Vec<String> = (0..3)
            .map(|k| format!("\"{}\"", SLOTS[(m + k * 3) % SLOTS.len()]))
            .collect();
        let text = format!(
            "+++\nname = \"{name}\"\nheadline = \"{} depuis {} ans\"\nskills = {{ {skill_list} }}\n\
             capacity = {}\nlanguages = {languages}\nlocation = \"{}\"\nremote = {}\n\
             formats = [\"one-to-one\"{}]\navailability = [{}]\n+++\n\
             J'accompagne des apprentis depuis plusieurs années. J'aime transmettre les gestes \
             précis et les habitudes qui évitent les erreurs.\n",
            [
                "Artisan",
                "Cheffe d'équipe",
                "Technicien",
                "Formatrice",
                "Responsable d'atelier"
            ][m % 5],
            5 + m % 20,
            5 + m % 2,
            TOWNS[m % TOWNS.len()],
            m % 3 == 0,
            if m % 4 == 0 { ", \"group\"" } else { "" },
            slots.join(", ")
        );
        put(&format!("mentors/{slug}.md"), text.as_bytes())?;
        skills_of.push(skills);
        mentor_slugs.push(slug);
    }

    // Apprentices: most paired with a mentor, within the mentor's seats.
    let mut load = vec![0usize; demo.mentors];
    for a in 0..apprentices {
        let name = format!(
            "{} {}",
            FIRST[a % FIRST.len()],
            LAST[(a / FIRST.len() + a * 3) % LAST.len()]
        );
        let slug = format!("{}-{a}", slugify(&name));
        let dir = format!("apprentices/{slug}");
        let late_cohort = a % 3 == 2;
        let started = if late_cohort {
            start.saturating_add(6.weeks())
        } else {
            start
        };
        let cohort = if late_cohort { "printemps" } else { "automne" };
        let candidate = a % demo.mentors;
        let mentor = (a % 7 != 6 && load[candidate] < 5).then(|| {
            load[candidate] += 1;
            candidate
        });
        // What the apprentice works on: skills of their mentor, or any.
        let works_on: Vec<usize> = match mentor {
            Some(m) => skills_of[m].iter().copied().take(3).collect(),
            None => (0..3).map(|k| (a * 5 + k * 11) % COMPETENCIES).collect(),
        };
        let visibility = match a % 10 {
            0..=6 => "public",
            7 | 8 => "unlisted",
            _ => "private",
        };
        let mut profile = format!(
            "+++\nname = \"{name}\"\nstarted = {started}\ncohort = \"{cohort}\"\nvisibility = \"{visibility}\"\n\
             languages = [\"fr\"]\nlocation = \"{}\"\n",
            TOWNS[(a * 5) % TOWNS.len()]
        );
        match mentor {
            Some(m) => {
                let _ = writeln!(profile, "mentor = \"{}\"", mentor_slugs[m]);
            }
            None => {
                let seeking = works_on
                    .iter()
                    .map(|&c| format!("\"{}\"", competency(c).0))
                    .collect::<Vec<_>>()
                    .join(", ");
                let _ = writeln!(
                    profile,
                    "seeking = [{seeking}]\nremote = {}\navailability = [\"{}\", \"{}\"]",
                    a % 2 == 0,
                    SLOTS[a % SLOTS.len()],
                    SLOTS[(a + 4) % SLOTS.len()]
                );
            }
        }
        let (goal_id, _) = competency(works_on[0]);
        let _ = write!(
            profile,
            "\n[[goals]]\ntitle = \"Atteindre le niveau Autonome\"\ncompetency = \"{goal_id}\"\nlevel = 3\ndue = {}\n",
            started.saturating_add(((3 + a % 4) as i64).months())
        );
        if a % 2 == 0 {
            let _ = write!(
                profile,
                "\n[[goals]]\ntitle = \"Présenter une réalisation à l'équipe\"\ndue = {}\n",
                started.saturating_add(((2 + a % 3) as i64).months())
            );
        }
        let _ = write!(
            profile,
            "+++\nJe suis {name}, apprenti·e en alternance. Je tiens ici mon journal de \
             compétences : ce que j'ai fait, ce que j'ai appris, ce que mon mentor en dit.\n"
        );
        put(&format!("{dir}/_index.md"), profile.as_bytes())?;

        // The log: a check-in every fortnight (a few apprentices stop
        // holding them), and in the other weeks a fortnight's practice at
        // the company (10 to 20 hours: most keep the pace of 400 hours,
        // some fall behind, some run ahead), a review every eight weeks,
        // a day of training at the start.
        let weeks = (today - started).get_days().max(0) as usize / 7;
        let lagging = a % 50 == 49;
        let with_photo = a % 4 == 0;
        let mut photo_cited = false;
        let mut level = vec![1usize; works_on.len()];
        for week in 0..weeks {
            let day = started.saturating_add((week * 7 + a % 3) as i64 * 1.days());
            if day > today {
                break;
            }
            let mut made: Vec<(&str, String, f64)> = Vec::new();
            if week % 2 == 1 {
                if !(lagging && week > weeks.saturating_sub(6)) {
                    made.push(("checkin", "Point de suivi".to_string(), 0.5));
                }
            } else {
                let c = works_on[(week / 2) % works_on.len()];
                let hours = 10.0 + (a % 9) as f64 + (week % 3) as f64;
                made.push(("practice", competency(c).1, hours));
                if week % 8 == 6 {
                    made.push(("review", "Bilan du mois".to_string(), 1.0));
                }
                if week == 2 {
                    made.push(("training", "Journée de formation".to_string(), 7.0));
                }
            }
            for (kind, title, hours) in made {
                let entry_slug = format!("{day}-{}", slugify(&title));
                let mut text = format!(
                    "+++\ntitle = \"{title}\"\ndate = {day}\nkind = \"{kind}\"\nhours = {hours}\n"
                );
                if kind == "practice" || kind == "review" {
                    let k = (week / 2) % works_on.len();
                    if week % 4 == 0 && level[k] < 5 {
                        level[k] += 1;
                    }
                    let _ = writeln!(
                        text,
                        "competencies = {{ {} = {} }}",
                        competency(works_on[k]).0,
                        level[k]
                    );
                    if with_photo && !photo_cited && kind == "practice" {
                        text.push_str("evidence = [\"realisation.jpg\"]\n");
                        photo_cited = true;
                    }
                    // Signed off at the next review, so not the latest ones.
                    if let Some(m) = mentor
                        && week + 2 < weeks
                    {
                        let _ = writeln!(text, "validated_by = \"{}\"", mentor_slugs[m]);
                        if week % 4 == 0 {
                            text.push_str(
                                "feedback = \"Travail soigné. La prochaine fois, prends le temps de vérifier avant de refermer.\"\n",
                            );
                        }
                    }
                }
                let body = match kind {
                    "checkin" => {
                        "Ce qui s'est bien passé, ce qui a bloqué, ce que je prépare pour la semaine prochaine."
                    }
                    "review" => {
                        "Le bilan du mois avec mon mentor : les compétences travaillées et les objectifs à venir."
                    }
                    "training" => {
                        "Une journée en centre de formation : théorie, démonstrations et exercices."
                    }
                    _ => {
                        "J'ai préparé le poste, suivi la procédure étape par étape, puis contrôlé le résultat avec mon mentor.\n\n- ce que j'ai réussi ;\n- ce que je referais autrement."
                    }
                };
                let _ = write!(text, "+++\n{body}\n");
                put(&format!("{dir}/{entry_slug}.md"), text.as_bytes())?;
                demo.entries += 1;
            }
        }
        if with_photo && photo_cited {
            put(&format!("{dir}/realisation.jpg"), &photo(a as u32))?;
            demo.photos += 1;
        }
    }
    demo.files = files;
    Ok(demo)
}

fn handbook_page(section: &str, s: usize, p: usize) -> String {
    let title = [
        "Les premiers jours",
        "Qui fait quoi",
        "Le rythme des rencontres",
        "Fixer des objectifs",
        "Quand quelque chose bloque",
        "Questions fréquentes",
    ][p];
    format!(
        "+++\ntitle = \"{title} ({section})\"\nweight = {p}\ndescription = \"{title}, dans la rubrique {section}.\"\n+++\n\
         ## Pourquoi\n\nCette page explique {what} : ce que chacun en attend, et comment s'y prendre \
         dans le programme.\n\n## Comment\n\n1. Préparer la rencontre à l'avance.\n2. Noter ce qui a été décidé.\n\
         3. Revenir sur les engagements au point suivant.\n\n\
         | Qui | Quand | Quoi |\n|---|---|---|\n| L'apprenti | chaque quinzaine | le point de suivi |\n\
         | Le mentor | chaque mois | le bilan |\n| Le coordinateur | chaque trimestre | la revue de la promotion |\n\n\
         > Un bon mentor ne donne pas la réponse : il aide à la trouver.\n\n\
         Le [référentiel de compétences](/competencies/) décrit les niveaux attendus (rubrique {s}, page {p}).\n",
        what = title.to_lowercase(),
    )
}

/// A small JPEG made here (a gradient, different for each apprentice):
/// about 3 KB, so that a demo of 10,000 apprentices stays small.
fn photo(seed: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(96, 72, |x, y| {
        image::Rgb([
            ((x * 2 + seed) % 256) as u8,
            ((y * 3 + seed / 3) % 256) as u8,
            ((x + y + seed * 7) % 256) as u8,
        ])
    });
    let mut bytes = Vec::new();
    // Encoding into memory cannot fail for an RGB image this size.
    let _ = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 80).encode_image(&image);
    bytes
}
