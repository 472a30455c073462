//! Small sites built in code for the derive and matching tests: a five-level scale, the
//! competencies a test names, apprentices and entries with only the fields a
//! test sets (the rest through struct update: `Entry { hours: 2.0, ..practice(…) }`).

use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;

use crate::model::{
    Apprentice, Block, Competency, Entry, EntryKind, Format, Framework, Goal, Mentor, Rhythm, Site,
    Spanned, Visibility,
};

/// A value written nowhere in particular.
pub fn s<T>(value: T) -> Spanned<T> {
    Spanned::new(value, 0..0)
}

/// A site with a five-level scale and `competencies` as (id, target).
pub fn site(competencies: &[(&str, i64)], apprentices: Vec<Apprentice>) -> Site {
    let named: Vec<(&str, &str, i64)> = competencies.iter().map(|(id, t)| (*id, *id, *t)).collect();
    site_with_scale(5, &named, apprentices)
}

/// A five-level site with named competencies (id, name, target) and mentors.
pub fn site_with_mentors(
    competencies: &[(&str, &str, i64)],
    mentors: Vec<Mentor>,
    apprentices: Vec<Apprentice>,
) -> Site {
    Site {
        mentors,
        ..site_with_scale(5, competencies, apprentices)
    }
}

fn site_with_scale(
    scale: usize,
    competencies: &[(&str, &str, i64)],
    apprentices: Vec<Apprentice>,
) -> Site {
    Site {
        framework: Some(Framework {
            file: "competencies/_index.md".into(),
            title: None,
            scale: (1..=scale).map(|l| format!("Niveau {l}")).collect(),
            blocks: vec![Block {
                id: s("b1".into()),
                name: "Bloc".into(),
            }],
            body: String::new(),
            body_at: 0,
        }),
        competencies: competencies
            .iter()
            .map(|(id, name, target)| Competency {
                file: format!("competencies/{id}.md"),
                id: (*id).into(),
                name: (*name).into(),
                block: s("b1".into()),
                target: s(*target),
                levels: Vec::new(),
                draft: false,
                body: String::new(),
                body_at: 0,
            })
            .collect(),
        apprentices,
        ..Site::default()
    }
}

/// An apprentice with no goals, targets nor entries, in the cohort of the
/// year they started (FORMAT.md's default).
pub fn apprentice(slug: &str, started: Date) -> Apprentice {
    Apprentice {
        file: format!("apprentices/{slug}/_index.md"),
        slug: slug.into(),
        name: slug.into(),
        started: s(started),
        mentor: None,
        targets: Vec::new(),
        seeking: Vec::new(),
        languages: vec!["fr".into()],
        location: None,
        employer: None,
        qualification: None,
        remote: false,
        formats: Vec::new(),
        availability: Vec::new(),
        cohort: s(started.year().to_string()),
        visibility: Visibility::Unlisted,
        goals: Vec::new(),
        draft: false,
        body: String::new(),
        body_at: 0,
        entries: Vec::new(),
        files: Vec::new(),
    }
}

/// A French-speaking one-to-one mentor with `skills` as (competency id, level).
pub fn mentor(slug: &str, name: &str, skills: &[(&str, i64)], capacity: i64) -> Mentor {
    Mentor {
        file: format!("mentors/{slug}.md"),
        slug: slug.into(),
        name: name.into(),
        headline: None,
        skills: skills
            .iter()
            .map(|(id, level)| (s((*id).to_string()), s(*level)))
            .collect(),
        capacity: s(capacity),
        languages: vec!["fr".into()],
        location: None,
        remote: false,
        formats: vec![Format::OneToOne],
        availability: Vec::new(),
        contact: None,
        show_contact: false,
        photo: None,
        draft: false,
        body: String::new(),
        body_at: 0,
    }
}

pub fn entry(on: Date, kind: EntryKind) -> Entry {
    Entry {
        long_extension: false,
        slug: on.to_string().into(),
        title: on.to_string().into(),
        date: s(on),
        kind,
        hours: 0.0,
        competencies: Box::default(),
        evidence: Box::default(),
        validated_by: None,
        feedback: None,
        goals_met: Box::default(),
        draft: false,
        body: Box::default(),
        body_at: 0,
    }
}

/// A practice entry showing `levels` as (competency id, level), not signed off.
pub fn practice(on: Date, levels: &[(&str, i64)]) -> Entry {
    Entry {
        competencies: levels
            .iter()
            .map(|(id, level)| (s((*id).to_string()), s(*level)))
            .collect(),
        ..entry(on, EntryKind::Practice)
    }
}

pub fn checkin(on: Date) -> Entry {
    entry(on, EntryKind::Checkin)
}

pub fn review(on: Date) -> Entry {
    entry(on, EntryKind::Review)
}

/// `entry`, signed off by the mentor.
pub fn signed(entry: Entry) -> Entry {
    Entry {
        validated_by: Some(s("claire-dubois".into())),
        ..entry
    }
}

/// A goal met by `goals_met`, or by a level when `competency` is given.
pub fn goal(title: &str, due: Date, competency: Option<(&str, i64)>) -> Goal {
    Goal {
        title: s(title.into()),
        due: s(due),
        competency: competency.map(|(id, level)| (s(id.into()), s(level))),
    }
}

// ---- Arbitrary sites for property tests ----

const IDS: [&str; 4] = ["c0", "c1", "c2", "c3"];
const GOALS: [&str; 3] = ["g0", "g1", "g2"];

fn day(offset: i64) -> Date {
    date(2026, 1, 31).saturating_add(offset.days())
}

fn arb_entry(scale: i64) -> impl Strategy<Value = Entry> {
    (
        -30i64..500,
        prop::sample::select(EntryKind::ALL.to_vec()),
        0.0f64..12.0,
        any::<bool>(),
        prop::collection::vec((0..IDS.len(), 1..=scale), 0..3),
        prop::collection::vec(0..GOALS.len(), 0..2),
    )
        .prop_map(|(on, kind, hours, signed, levels, met)| Entry {
            hours,
            validated_by: signed.then(|| s("claire-dubois".into())),
            competencies: levels
                .into_iter()
                .map(|(c, l)| (s(IDS[c].into()), s(l)))
                .collect(),
            goals_met: met.into_iter().map(|g| s(GOALS[g].into())).collect(),
            ..entry(day(on), kind)
        })
}

fn arb_apprentice(scale: i64) -> impl Strategy<Value = Apprentice> {
    (
        0i64..300,
        0..3usize,
        prop::sample::select(Visibility::ALL.to_vec()),
        prop::collection::vec((0..IDS.len(), 1..=scale), 0..2),
        prop::collection::vec(0..IDS.len(), 0..2),
        prop::collection::vec(
            (0i64..600, prop::option::of((0..IDS.len(), 1..=scale))),
            0..3,
        ),
        prop::collection::vec(arb_entry(scale), 0..25),
    )
        .prop_map(
            |(started, cohort, visibility, targets, seeking, goals, entries)| {
                let started = day(started);
                Apprentice {
                    cohort: s(format!("cohorte-{cohort}")),
                    visibility,
                    targets: targets
                        .into_iter()
                        .map(|(c, l)| (s(IDS[c].into()), s(l)))
                        .collect(),
                    seeking: seeking.into_iter().map(|c| s(IDS[c].into())).collect(),
                    goals: goals
                        .into_iter()
                        .enumerate()
                        .map(|(i, (due, c))| goal(GOALS[i], day(due), c.map(|(c, l)| (IDS[c], l))))
                        .collect(),
                    entries: crate::model::shared(entries),
                    ..apprentice("a", started)
                }
            },
        )
}

/// A site of a few apprentices with entries on random days, and a reference day.
pub fn arb_site() -> impl Strategy<Value = (Site, Date)> {
    (1i64..=5)
        .prop_flat_map(|scale| {
            (
                Just(scale),
                prop::collection::vec(1..=scale, IDS.len()),
                prop::collection::vec(arb_apprentice(scale), 0..5),
                any::<bool>(),
                prop::sample::select(Rhythm::ALL.to_vec()),
                prop::sample::select(Rhythm::ALL.to_vec()),
                prop::option::of((0.0f64..600.0, 0i64..700)),
                0i64..700,
            )
        })
        .prop_map(
            |(scale, targets, apprentices, sign_off, checkins, reviews, pace, today)| {
                let competencies: Vec<(&str, &str, i64)> = IDS
                    .iter()
                    .zip(targets)
                    .map(|(id, t)| (*id, *id, t))
                    .collect();
                let scale = usize::try_from(scale).expect("1..=5");
                let mut site = site_with_scale(scale, &competencies, apprentices);
                let programme = &mut site.config.programme;
                programme.checkin_every = checkins;
                programme.review_every = reviews;
                if let Some((required, end)) = pace {
                    programme.required_hours = Some(required);
                    programme.end = Some(s(day(end)));
                }
                site.config.validation.require_mentor_sign_off = sign_off;
                (site, day(today))
            },
        )
}
