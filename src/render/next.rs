//! What comes next, and whom to ask: the programme's contact at the foot of
//! every page, how to ask a mentor with a free seat for one, a portfolio's
//! next steps (a review due, entries awaiting sign-off, the next goal, a
//! mentor still to find) and the entries a mentor has to sign off.
//!
//! Each is a lookup in what derive and the matching computed once per
//! build; the words are written here, in the page's language.

use super::context::{ContactLine, Link, NextStep, NextSteps, PendingEntry, SignOffs};
use super::people::goal_status;
use super::{Renderer, text};
use crate::derive::GoalStatus;
use crate::model::{Mentor, Rhythm};
use crate::tr;

/// Entries a mentor page links to at most; the others are counted (each
/// is on its apprentice's portfolio), so that the page stays light.
const SIGN_OFFS_SHOWN: usize = 10;

/// How a contact is reached, read from the way it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reach {
    /// An e-mail address (`mailto:` written before it or not).
    Mail,
    /// Digits (six or more), spaces, `+`, dots, dashes, brackets.
    Phone,
    /// An `http(s)://` address: a form, a booking page.
    Web,
    /// Anything else: a name, a desk, a sentence.
    Name,
}

/// How `contact` is reached, the text to show and the link it makes.
fn read_contact(contact: &str) -> (Reach, String, Option<String>) {
    let contact = contact.trim();
    let address = contact.strip_prefix("mailto:").unwrap_or(contact);
    if is_mail(address) {
        return (
            Reach::Mail,
            address.into(),
            Some(format!("mailto:{address}")),
        );
    }
    if let Some(number) = phone_number(contact) {
        return (Reach::Phone, contact.into(), Some(format!("tel:{number}")));
    }
    let web = ["http://", "https://"]
        .iter()
        .any(|scheme| contact.starts_with(scheme) && contact.len() > scheme.len())
        && !contact.contains(char::is_whitespace);
    if web {
        return (Reach::Web, contact.into(), Some(contact.into()));
    }
    (Reach::Name, contact.into(), None)
}

/// `x@y.z`, one word.
fn is_mail(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !text.contains(|c: char| c.is_whitespace() || "<>()[],;:\"".contains(c))
}

/// The number to dial, `+` and digits, when `text` is a phone number as
/// people write one ("03 20 12 34 56", "+33 (0)3 20 12 34 56",
/// "03.20.12.34.56").
fn phone_number(text: &str) -> Option<String> {
    let allowed = |c: char| c.is_ascii_digit() || " \u{a0}\u{202f}.-()".contains(c);
    let (plus, rest) = match text.strip_prefix('+') {
        Some(rest) => ("+", rest.replace("(0)", "")),
        None => ("", text.to_string()),
    };
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    (rest.chars().all(allowed) && digits.len() >= 6).then(|| format!("{plus}{digits}"))
}

impl Renderer<'_> {
    /// The footer's "Une question ? Contact du programme : …", when the
    /// programme names a contact.
    pub(super) fn programme_contact(&self) -> Option<ContactLine> {
        let contact = self.site.config.programme.contact.as_deref()?;
        Some(self.contact_line(
            tr!(
                self.lang,
                "Une question ? Contact du programme : ",
                "Questions? Programme contact: "
            ),
            contact,
        ))
    }

    /// How to ask `mentor`, who has `free` seats, for one: write to them
    /// when they show their contact, else to the programme; None when
    /// no seat is free or nobody can be asked.
    pub(super) fn seat_request(&self, mentor: &Mentor, free: u32) -> Option<ContactLine> {
        let lang = self.lang;
        if free == 0 {
            return None;
        }
        let contact = mentor
            .contact
            .as_deref()
            .filter(|c| mentor.show_contact && !c.trim().is_empty())
            .or(self.site.config.programme.contact.as_deref())?;
        let text = match read_contact(contact).0 {
            Reach::Mail => tr!(
                lang,
                "Pour demander une place : écrire à ",
                "To ask for a place: write to "
            ),
            Reach::Phone => tr!(
                lang,
                "Pour demander une place : appeler le ",
                "To ask for a place: call "
            ),
            Reach::Web => tr!(lang, "Pour demander une place : ", "To ask for a place: "),
            Reach::Name => tr!(
                lang,
                "Pour demander une place : s’adresser à ",
                "To ask for a place: ask "
            ),
        };
        Some(self.contact_line(text, contact))
    }

    fn contact_line(&self, text: String, contact: &str) -> ContactLine {
        let (_, shown, href) = read_contact(contact);
        ContactLine {
            text,
            contact: text::typography(self.lang, &shown),
            href,
        }
    }

    /// Apprentice `index`'s next steps, most pressing first: a mentor to
    /// find, the review of the running period, entries awaiting sign-off,
    /// the next goal. None when there is nothing to do.
    pub(super) fn next_steps(&self, index: usize) -> Option<NextSteps> {
        let lang = self.lang;
        let apprentice = &self.site.apprentices[index];
        let progress = &self.derived.apprentices[index];
        let mentor = self.derived.links.mentor_of[index].map(|m| &self.site.mentors[m]);
        let mut steps = Vec::new();
        if mentor.is_none() {
            steps.push(self.mentor_step(index));
        }
        if let Some(due) = progress.review_due {
            let due = text::day_month(lang, due);
            let text = match self.site.config.programme.review_every {
                Rhythm::Week => tr!(
                    lang,
                    "Bilan de la semaine à faire d’ici le {due}",
                    "This week’s review due by {due}"
                ),
                Rhythm::Fortnight => tr!(
                    lang,
                    "Bilan de la quinzaine à faire d’ici le {due}",
                    "This fortnight’s review due by {due}"
                ),
                Rhythm::Month => tr!(
                    lang,
                    "Bilan du mois à faire d’ici le {due}",
                    "This month’s review due by {due}"
                ),
            };
            steps.push(step("current", text, None, String::new()));
        }
        let waiting = progress.awaiting_sign_off.len();
        if waiting > 0 {
            let entries = lang.count(waiting, ("entrée", "entrées"), ("entry", "entries"));
            let after = match (mentor, waiting > 1) {
                (Some(m), false) => tr!(
                    lang,
                    " attend la validation {m}",
                    " awaits sign-off by {m}",
                    m = lang.de(&text::typography(lang, &m.name))
                ),
                (Some(m), true) => tr!(
                    lang,
                    " attendent la validation {m}",
                    " await sign-off by {m}",
                    m = lang.de(&text::typography(lang, &m.name))
                ),
                (None, false) => tr!(
                    lang,
                    " attend la validation d’un mentor",
                    " awaits a mentor’s sign-off"
                ),
                (None, true) => tr!(
                    lang,
                    " attendent la validation d’un mentor",
                    " await a mentor’s sign-off"
                ),
            };
            let log = Link {
                label: entries,
                url: format!(
                    "{}#h-timeline",
                    self.urls.page(&Self::apprentice_dir(apprentice))
                ),
            };
            steps.push(step("open", String::new(), Some(log), after));
        }
        if let Some(g) = progress.next_goal {
            let goal = &apprentice.goals[g];
            let state = progress.goals[g].status;
            let title = lang.quote(&text::typography(lang, &goal.title.value));
            let due = text::date(lang, goal.due.value);
            let text = if state == GoalStatus::Late {
                tr!(
                    lang,
                    "Prochain objectif : {title}, en retard depuis le {due}",
                    "Next goal: {title}, overdue since {due}"
                )
            } else {
                tr!(
                    lang,
                    "Prochain objectif : {title}, pour le {due}",
                    "Next goal: {title}, due {due}"
                )
            };
            steps.push(step(
                &goal_status(lang, state).key,
                text,
                None,
                String::new(),
            ));
        }
        (!steps.is_empty()).then(|| NextSteps {
            title: tr!(lang, "Prochaines étapes", "Next steps"),
            steps,
        })
    }

    /// An apprentice without a mentor: the one the matching proposes, or
    /// whom to ask while the programme looks for one.
    fn mentor_step(&self, index: usize) -> NextStep {
        let lang = self.lang;
        let proposed = self
            .matching
            .apprentices
            .get(index)
            .filter(|m| !m.kept)
            .and_then(|m| m.mentor)
            .map(|m| &self.site.mentors[m]);
        match proposed {
            Some(m) => step(
                "watch",
                tr!(
                    lang,
                    "Pas encore de mentor — la coordination du programme propose ",
                    "No mentor yet — the programme’s coordinators suggest "
                ),
                Some(self.link(&m.name, &format!("mentors/{}/", m.slug))),
                String::new(),
            ),
            None => NextStep {
                contact: self
                    .site
                    .config
                    .programme
                    .contact
                    .as_deref()
                    .map(|c| self.contact_line(tr!(lang, "Contact : ", "Contact: "), c)),
                ..step(
                    "watch",
                    tr!(
                        lang,
                        "Pas encore de mentor — la coordination du programme en cherche un.",
                        "No mentor yet — the programme’s coordinators are looking for one."
                    ),
                    None,
                    String::new(),
                )
            },
        }
    }

    /// The entries of `mentor`'s public apprentices that await sign-off,
    /// oldest first (as on the coordinator's caseload): they have waited
    /// longest. Unlisted and private apprentices are left out, even of
    /// the count: a mentor page is public.
    pub(super) fn sign_offs(&self, mentor: usize) -> Option<SignOffs> {
        let lang = self.lang;
        let mut waiting: Vec<(usize, usize)> = self.derived.links.mentees[mentor]
            .iter()
            .filter(|&&a| self.is_public(a))
            .flat_map(|&a| {
                self.derived.apprentices[a]
                    .awaiting_sign_off
                    .iter()
                    .map(move |&e| (a, e))
            })
            .collect();
        if waiting.is_empty() {
            return None;
        }
        let apprentices = &self.site.apprentices;
        waiting.sort_by_key(|&(a, e)| (apprentices[a].entries[e].date.value, a, e));
        let total = waiting.len();
        Some(SignOffs {
            title: tr!(lang, "À venir", "Coming up"),
            summary: lang.count(
                total,
                ("entrée à valider", "entrées à valider"),
                ("entry to sign off", "entries to sign off"),
            ),
            entries: waiting
                .into_iter()
                .take(SIGN_OFFS_SHOWN)
                .map(|(a, e)| {
                    let apprentice = &apprentices[a];
                    let entry = &apprentice.entries[e];
                    PendingEntry {
                        entry: self.link(&entry.title, &Self::entry_dir(apprentice, entry)),
                        apprentice: text::typography(lang, &apprentice.name),
                        date: text::date(lang, entry.date.value),
                    }
                })
                .collect(),
            more: total.saturating_sub(SIGN_OFFS_SHOWN),
        })
    }
}

fn step(key: &str, text: String, link: Option<Link>, after: String) -> NextStep {
    NextStep {
        key: key.into(),
        text,
        link,
        after,
        contact: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_a_number_a_page_or_a_name() {
        assert_eq!(
            read_contact(" isabelle.roux@example.org "),
            (
                Reach::Mail,
                "isabelle.roux@example.org".into(),
                Some("mailto:isabelle.roux@example.org".into())
            )
        );
        assert_eq!(
            read_contact("mailto:a.b@example.org").2.as_deref(),
            Some("mailto:a.b@example.org")
        );
        assert_eq!(
            read_contact("03 20 12 34 56").2.as_deref(),
            Some("tel:0320123456")
        );
        assert_eq!(
            read_contact("+33 (0)3.20.12.34.56").2.as_deref(),
            Some("tel:+33320123456")
        );
        assert_eq!(
            read_contact("https://example.org/contact").2.as_deref(),
            Some("https://example.org/contact")
        );
        for name in [
            "Isabelle Roux",
            "Isabelle Roux <isabelle.roux@example.org>",
            "a@b",
            "@example.org",
            "x@.org",
            "2026",
            "javascript:alert(1)",
            "https://",
        ] {
            assert_eq!(read_contact(name).0, Reach::Name, "{name}");
            assert_eq!(read_contact(name).2, None, "{name}");
        }
    }
}
