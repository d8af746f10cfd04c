//! Rule 2, deny by default: no text may tell a person to stop, come off, cut or swap a medicine,
//! in any of the four languages (en, es, de, fr).
//!
//! Every occurrence of a "stop" verb ([`DENY`]) fails unless a reviewed phrase ([`ALLOW`])
//! covers the whole occurrence. An allowed phrase either says *not* to stop on one's own ("Do
//! not stop or change this medicine on your own", the routine text: allowed, because it is rule
//! 2 itself), warns against stopping suddenly, or uses the verb for something other than a
//! medicine (a cramp that stops, bleeding that does not stop, breaking up sitting time). A new
//! wording is therefore a failure until someone reviews it and adds it here, with its reason.
//!
//! Matching is on words, case- and accent-insensitive (`Arrêtez` = `arretez`, `Absetzen` =
//! `absetzen`; grave accents excepted, see [`fold`]): patterns are written folded, lower case
//! and without accents. In a pattern, a word
//! ending in `*` matches any word starting with it, `a|b` matches either word, and `…` matches
//! up to [`GAP`] words inside
//! the same sentence (it never crosses `.`, `;`, `:`, `!` or `?`), for phrases split by other
//! words, such as German separable verbs ("Setzen Sie das Medikament ab").

use std::ops::Range;
use std::sync::LazyLock;

/// The most words `…` stands for.
const GAP: usize = 6;

/// "Stop"-type wordings, by language. One is enough to fail a text, unless an allowed phrase
/// covers it.
pub(super) const DENY: &[(&str, &str)] = &[
    // English: stop, discontinue, come off, cease, quit, give up, withdraw; reduce or swap.
    ("en", "stop*"),
    ("en", "discontinu*"),
    ("en", "come off"),
    ("en", "comes off"),
    ("en", "coming off"),
    ("en", "came off"),
    ("en", "cease*"),
    ("en", "ceasing"),
    ("en", "cessation"),
    ("en", "quit"),
    ("en", "quits"),
    ("en", "quitting"),
    ("en", "give up"),
    ("en", "gives up"),
    ("en", "giving up"),
    ("en", "gave up"),
    ("en", "withdraw"),
    ("en", "withdraws"),
    ("en", "withdrawing"),
    ("en", "withdrawn"),
    ("en", "withdrew"),
    ("en", "reduc* … dose*"),
    ("en", "lower* … dose*"),
    ("en", "decreas* … dose*"),
    ("en", "cut* … dose*"),
    ("en", "halv* … dose*"),
    ("en", "skip* … dose*"),
    ("en", "swap*"),
    ("en", "switch* … to"),
    // Spanish: dejar (de), suspender, interrumpir, abandonar, retirar; reducir la dosis.
    (
        "es",
        "deje|dejen|deja|dejan|dejar|dejando|dejarlo|dejarla|dejarlos|dejarlas de",
    ),
    (
        "es",
        "deje|dejen|deja|dejan|dejar|dejando … medicament*|medicacion*|tratamiento*|farmaco*|pastilla*|comprimido*",
    ),
    ("es", "lo deje"),
    ("es", "la deje"),
    ("es", "los deje"),
    ("es", "las deje"),
    ("es", "dejel*"),
    ("es", "dejarl*"),
    ("es/fr", "suspend*"),
    ("es", "suspension*"),
    ("es", "interrump*"),
    ("es/fr", "abandon*"),
    ("es", "retir* … medicament*"),
    ("es", "retir* … tratamiento*"),
    ("es", "no lo tome"),
    ("es", "no la tome"),
    ("es", "no los tome"),
    ("es", "no las tome"),
    ("es", "tome mas"),
    ("es", "reduzc* … dosis"),
    ("es", "reduc* … dosis"),
    ("es", "baj* … dosis"),
    ("es", "disminu* … dosis"),
    // German: absetzen (also split: "setzen Sie … ab"), abbrechen, aufhören, beenden,
    // weglassen, pausieren, unterbrechen, nicht mehr einnehmen; die Dosis reduzieren.
    ("de", "absetz*"),
    ("de", "abzusetzen"),
    ("de", "setz* … ab"),
    ("de", "abbrech*"),
    ("de", "abzubrechen"),
    ("de", "brech* … ab"),
    ("de", "aufhor*"),
    ("de", "aufzuhoren"),
    ("de", "hor* … auf"),
    ("de", "beend*"),
    ("de", "weglass*"),
    ("de", "wegzulassen"),
    ("de", "lass* … weg"),
    ("de", "pausier*"),
    ("de", "unterbrech*"),
    ("de", "nicht mehr ein*"),
    ("de", "nicht mehr nehm*"),
    ("de", "nehm* … nicht mehr"),
    ("de", "nicht weiter ein*"),
    ("de", "reduzier* … dosis"),
    ("de", "dosis … reduzier*"),
    ("de", "verringer* … dosis"),
    ("de", "dosis … verringer*"),
    ("de", "halbier* … dosis"),
    ("de", "dosis … halbier*"),
    // French: arrêter, cesser, interrompre, suspendre, abandonner, ne plus prendre; réduire la
    // dose.
    ("fr", "arret*"),
    ("fr", "cess*"),
    ("fr", "interromp*"),
    ("fr", "prenez plus"),
    ("fr", "plus prendre"),
    ("fr", "reduis* … dose*"),
    ("fr", "reduire … dose*"),
    ("fr", "diminu* … dose*"),
    ("fr", "baiss* … dose*"),
];

/// Reviewed phrases that may contain a "stop" wording, each with the reason it is allowed. A
/// phrase allows an occurrence only when it covers all of it.
pub(super) const ALLOW: &[(&str, &str)] = &[
    // English.
    ("do not stop", "says not to stop (rule 2 itself)"),
    ("don t stop", "says not to stop (rule 2 itself)"),
    ("never stop", "says not to stop (rule 2 itself)"),
    ("not to stop it", "pace exercise, not stop it"),
    ("not to give up", "pace exercise, not give it up"),
    ("risky to stop suddenly", "warns against stopping suddenly"),
    ("stopping … suddenly can", "warns against stopping suddenly"),
    (
        "giving up suddenly can",
        "warns against giving up alcohol suddenly",
    ),
    ("stop* the cramp*", "a cramp that stops, not a medicine"),
    ("stop* a cramp*", "a cramp that stops, not a medicine"),
    ("stop* cramp*", "cramps that stop, not a medicine"),
    ("stop you getting", "cramps that stop you sleeping"),
    (
        "the nhs says to stop taking the statin",
        "the nhs statin advice for its own warning signs (a label statement, h-79)",
    ),
    // Spanish.
    ("no deje … medicament*", "says not to stop (rule 2 itself)"),
    ("no lo deje", "says not to stop (rule 2 itself)"),
    ("no la deje", "says not to stop (rule 2 itself)"),
    ("dejar … de golpe", "warns against stopping suddenly"),
    ("dejarlo de golpe", "warns against stopping suddenly"),
    ("no dejarlo", "pace exercise, not stop it"),
    ("interrump* … sentad*", "breaking up sitting time"),
    ("tome mas de", "not more than a stated amount"),
    (
        "el nhs britanico indica que hay que dejar de tomar la estatina",
        "the nhs statin advice for its own warning signs (a label statement, h-79)",
    ),
    // German.
    (
        "setz* sie … nicht eigenmachtig ab",
        "says not to stop on one's own (rule 2 itself)",
    ),
    (
        "setz* sie kein* … eigenmachtig ab",
        "says not to stop on one's own (rule 2 itself)",
    ),
    (
        "nicht eigenmachtig absetzen",
        "says not to stop on one's own (rule 2 itself)",
    ),
    ("plotzliches absetzen", "warns against stopping suddenly"),
    (
        "laut dem britischen gesundheitsdienst nhs das statin absetzen",
        "the nhs statin advice for its own warning signs (a label statement, h-79)",
    ),
    ("nicht aufhort", "bleeding that does not stop"),
    ("krampf* zu beenden", "ending a cramp, not a medicine"),
    ("krampf* beendet", "ending cramps, not a medicine"),
    ("sitz* … unterbrech*", "breaking up sitting time"),
    ("nehm* sie nicht mehr als", "not more than a stated amount"),
    (
        "nicht mit dem sport aufzuhoren",
        "pace exercise, not stop it",
    ),
    // French.
    ("n arret*", "says not to stop (rule 2 itself)"),
    ("ne l arret*", "says not to stop (rule 2 itself)"),
    ("ne les arret*", "says not to stop (rule 2 itself)"),
    ("ne pas arret*", "says not to stop (rule 2 itself)"),
    ("ne s arrete pas", "bleeding that does not stop"),
    ("à l arret", "at rest"),
    ("arret brutal", "warns against stopping suddenly"),
    ("arreter brutalement", "warns against stopping suddenly"),
    ("pas de l arreter", "pace exercise, not stop it"),
    ("cesser les crampes", "cramps that stop, not a medicine"),
    ("sans cesse", "\"constantly\""),
    (
        "selon le nhs … il faut arreter la statine",
        "the nhs statin advice for its own warning signs (a label statement, h-79)",
    ),
    ("prenez plus de", "more than a stated amount"),
    ("interromp* … periodes assis*", "breaking up sitting time"),
];

/// Wordings that tell a person *not* to stop a medicine: right as routine advice, but a
/// contradiction where a raised red flag implicates the medicine and its label says to stop.
const DO_NOT_STOP: &[&str] = &[
    "do not stop",
    "don t stop",
    "never stop",
    "no deje",
    "no lo deje",
    "no la deje",
    "nicht eigenmachtig ab*",
    "setz* sie kein* … eigenmachtig ab",
    "n arret*",
    "ne l arret*",
    "ne les arret*",
];

/// One "stop" wording no allowed phrase covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Finding {
    /// The deny pattern that matched, e.g. `setz* … ab`.
    pub pattern: &'static str,
    /// The language of that pattern.
    pub language: &'static str,
    /// The words that matched, as written in the text.
    pub excerpt: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A word, folded (lower case, no accents), with its byte range in the original text.
    Word(String, Range<usize>),
    /// A sentence or clause break (`.`, `;`, `:`, `!`, `?`): `…` never crosses it.
    Break,
}

#[derive(Debug, Clone)]
enum Part<'a> {
    /// Any of these words (`stop`) or stems (`stop*`).
    Word(Vec<&'a str>),
    Gap,
}

/// Whether `word` is `alternative` (`stop`), or starts with its stem (`stop*`).
fn word_matches(alternative: &str, word: &str) -> bool {
    match alternative.strip_suffix('*') {
        Some(stem) => word.starts_with(stem),
        None => word == alternative,
    }
}

fn parse(pattern: &str) -> Vec<Part<'_>> {
    pattern
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w == "…" {
                Part::Gap
            } else {
                Part::Word(w.split('|').collect())
            }
        })
        .collect()
}

/// Lower case without accents, so that patterns match however a text is accented. Grave accents
/// stay (only French has them): French `déjà` must not read as Spanish `deja`.
fn fold(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'á' | 'â' | 'ã' | 'ä' | 'å' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'é' | 'ê' | 'ë' | 'É' | 'Ê' | 'Ë' => "e",
        'í' | 'î' | 'ï' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ó' | 'ô' | 'õ' | 'ö' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => "o",
        'ú' | 'û' | 'ü' | 'Ú' | 'Û' | 'Ü' => "u",
        'œ' | 'Œ' => "oe",
        'ß' => "ss",
        _ => "",
    };
    let chars: Vec<char> = if folded.is_empty() {
        c.to_lowercase().collect()
    } else {
        folded.chars().collect()
    };
    chars.into_iter()
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut start = 0;
    let flush = |word: &mut String, start: usize, end: usize, tokens: &mut Vec<Token>| {
        if !word.is_empty() {
            tokens.push(Token::Word(std::mem::take(word), start..end));
        }
    };
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if word.is_empty() {
                start = at;
            }
            word.extend(fold(c));
        } else {
            flush(&mut word, start, at, &mut tokens);
            if matches!(c, '.' | ';' | ':' | '!' | '?' | '¿' | '¡') {
                tokens.push(Token::Break);
            }
        }
    }
    flush(&mut word, start, text.len(), &mut tokens);
    tokens
}

/// Every end (exclusive token index) of a match of `parts` starting at token `at`.
fn ends(parts: &[Part<'_>], tokens: &[Token], at: usize, out: &mut Vec<usize>) {
    let Some((first, rest)) = parts.split_first() else {
        out.push(at);
        return;
    };
    match first {
        Part::Gap => {
            let mut next = at;
            for _ in 0..=GAP {
                ends(rest, tokens, next, out);
                match tokens.get(next) {
                    Some(Token::Word(..)) => next += 1,
                    _ => break,
                }
            }
        }
        Part::Word(alternatives) => {
            if let Some(Token::Word(word, _)) = tokens.get(at)
                && alternatives.iter().any(|a| word_matches(a, word))
            {
                ends(rest, tokens, at + 1, out);
            }
        }
    }
}

/// [`DENY`] and [`ALLOW`], parsed once.
static PARSED_DENY: LazyLock<Vec<(&str, &str, Vec<Part<'static>>)>> = LazyLock::new(|| {
    DENY.iter()
        .map(|(language, pattern)| (*language, *pattern, parse(pattern)))
        .collect()
});
static PARSED_ALLOW: LazyLock<Vec<Vec<Part<'static>>>> =
    LazyLock::new(|| ALLOW.iter().map(|(pattern, _)| parse(pattern)).collect());

/// The token ranges where `parts` match: the shortest (`longest` false) or the longest match
/// at each start.
fn spans(parts: &[Part<'_>], tokens: &[Token], longest: bool) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut out = Vec::new();
    for start in 0..tokens.len() {
        out.clear();
        ends(parts, tokens, start, &mut out);
        let ends = out.iter().copied().filter(|e| *e > start);
        if let Some(end) = if longest { ends.max() } else { ends.min() } {
            found.push(start..end);
        }
    }
    found
}

/// The token ranges where `pattern` matches (the shortest match at each start).
fn matches(pattern: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    spans(&parse(pattern), tokens, false)
}

/// The token ranges of every allowed phrase in `tokens` (the longest match at each start).
fn allowed(tokens: &[Token]) -> Vec<Range<usize>> {
    PARSED_ALLOW
        .iter()
        .flat_map(|parts| spans(parts, tokens, true))
        .collect()
}

fn excerpt(text: &str, tokens: &[Token], span: &Range<usize>) -> String {
    let bytes = |t: &Token| match t {
        Token::Word(_, range) => Some(range.clone()),
        Token::Break => None,
    };
    let from = tokens[span.clone()].iter().find_map(bytes);
    let to = tokens[span.clone()].iter().rev().find_map(bytes);
    match (from, to) {
        (Some(from), Some(to)) => text[from.start..to.end].to_owned(),
        _ => String::new(),
    }
}

/// Every "stop" wording in `text` that no reviewed phrase allows (empty when the text is fine).
pub(super) fn findings(text: &str) -> Vec<Finding> {
    let tokens = tokenize(text);
    let mut allowed_spans: Option<Vec<Range<usize>>> = None;
    let mut found: Vec<Finding> = Vec::new();
    let mut seen: Vec<Range<usize>> = Vec::new();
    for (language, pattern, parts) in PARSED_DENY.iter() {
        for span in spans(parts, &tokens, false) {
            let covered = allowed_spans
                .get_or_insert_with(|| allowed(&tokens))
                .iter()
                .any(|a| a.start <= span.start && span.end <= a.end);
            let overlaps = seen
                .iter()
                .any(|s| s.start < span.end && span.start < s.end);
            if covered || overlaps {
                continue;
            }
            found.push(Finding {
                pattern,
                language,
                excerpt: excerpt(text, &tokens, &span),
            });
            seen.push(span);
        }
    }
    found
}

/// Whether `text` tells a person not to stop a medicine ("Do not stop or change this medicine on
/// your own", in any of the four languages).
pub(super) fn says_do_not_stop(text: &str) -> bool {
    let tokens = tokenize(text);
    DO_NOT_STOP
        .iter()
        .any(|pattern| !matches(pattern, &tokens).is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn denied(text: &str, language: &str) {
        let found = findings(text);
        assert!(
            found.iter().any(|f| f.language.contains(language)),
            "{text:?} should be denied in {language}, found {found:?}"
        );
    }

    #[track_caller]
    fn fine(text: &str) {
        assert_eq!(findings(text), Vec::new(), "{text:?} should be allowed");
    }

    #[test]
    fn stop_wordings_are_denied_in_all_four_languages() {
        for text in [
            "Stop taking this medicine.",
            "STOP your statin for a week",
            "Consider stopping the diuretic.",
            "Discontinue the inhaler.",
            "You could come off it for a while.",
            "Cease the tablets.",
            "Reduce your dose to half.",
            "Lower the dose of your water tablet.",
            "Skip a dose when cramps are bad.",
            "Swap your statin for another one.",
            "Switch your diuretic to another type.",
            "Give up the medicine.",
        ] {
            denied(text, "en");
        }
        for text in [
            "Deje de tomar este medicamento.",
            "Debe dejar de tomarlo.",
            "Deje el medicamento una semana.",
            "Suspenda el tratamiento.",
            "Interrumpa el tratamiento.",
            "Déjelo durante una semana.",
            "No lo tome más.",
            "Reduzca la dosis a la mitad.",
        ] {
            denied(text, "es");
        }
        for text in [
            "Setzen Sie das Medikament ab.",
            "Setzen Sie es für eine Woche ab.",
            "Sie sollten es absetzen.",
            "Nehmen Sie es nicht mehr ein.",
            "Das Medikament nicht mehr einnehmen.",
            "Brechen Sie die Behandlung ab.",
            "Hören Sie mit der Einnahme auf.",
            "Beenden Sie die Einnahme.",
            "Lassen Sie die Tabletten weg.",
            "Reduzieren Sie die Dosis.",
        ] {
            denied(text, "de");
        }
        for text in [
            "Arrêtez de prendre ce médicament.",
            "ARRETEZ la statine.",
            "Cessez le traitement.",
            "Interrompez le traitement une semaine.",
            "Suspendez le diurétique.",
            "Ne le prenez plus.",
            "Réduisez la dose de moitié.",
        ] {
            denied(text, "fr");
        }
    }

    #[test]
    fn the_routine_wordings_and_other_reviewed_uses_are_allowed() {
        // The routine medication text in each language (src/knowledge/data/**/meta.toml).
        fine(
            "Do not stop or change this medicine on your own. Ask your prescriber or pharmacist to review it.",
        );
        fine("No deje ni cambie este medicamento por su cuenta.");
        fine("Setzen Sie dieses Medikament nicht eigenmächtig ab und ändern Sie es nicht selbst.");
        fine("N'arrêtez pas et ne modifiez pas ce médicament de vous-même.");
        // Other reviewed uses.
        fine("Walking about can help stop the cramp coming back the same night.");
        fine("Some medicines are risky to stop suddenly.");
        fine("Wenn die Blutung stark ist oder nicht aufhört, rufen Sie sofort den Notruf (112).");
        fine("Si le saignement est abondant ou ne s’arrête pas, appelez le 15.");
        fine("Nehmen Sie nicht mehr als 350 mg pro Tag.");
        fine("No tome más de 350 mg al día.");
        fine("Interrumpa los ratos largos sentado o de pie");
        fine("Setzen Sie sich dann mit einem gestreckten Bein vor sich hin.");
        fine("Deje descansar los músculos; deje la pierna apoyada.");
        fine("Si vous prenez déjà de la quinine, demandez à votre médecin de la réévaluer.");
    }

    /// The statin's routine advice states what the NHS says for its warning signs; that
    /// attributed label statement is allowed, in each language, and nothing wider is.
    #[test]
    fn the_nhs_statin_label_statement_is_allowed_and_plain_stop_advice_is_not() {
        fine(
            "For these, the NHS says to stop taking the statin and call a GP or 111 straight away.",
        );
        fine(
            "Ante ellos, el NHS británico indica que hay que dejar de tomar la estatina y llamar de inmediato.",
        );
        fine(
            "Dann soll man laut dem britischen Gesundheitsdienst NHS das Statin absetzen und sofort anrufen.",
        );
        fine(
            "Dans ce cas, selon le NHS, le service de santé britannique, il faut arrêter la statine et appeler.",
        );
        // Without the attribution, or for another medicine, it is stop advice as before.
        denied("Stop taking the statin and call a GP.", "en");
        denied("The NHS says to stop taking the diuretic.", "en");
        denied("Hay que dejar de tomar la estatina.", "es");
        denied("Sie sollten das Statin absetzen.", "de");
        denied("Il faut arrêter la statine.", "fr");
    }

    #[test]
    fn an_allowed_phrase_does_not_excuse_a_second_stop_in_the_same_text() {
        let found = findings("Do not stop on your own. Then stop taking it.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].excerpt, "stop");
        // Without the negation, "Setzen Sie … eigenmächtig ab" is not the allowed phrase.
        assert_eq!(
            findings("Setzen Sie es eigenmächtig ab.")[0].pattern,
            "setz* … ab",
            "no negation: not the allowed phrase"
        );
    }

    #[test]
    fn the_routine_wording_is_recognised_as_do_not_stop_in_each_language() {
        for text in [
            "Do not stop or change this medicine on your own.",
            "No deje ni cambie este medicamento por su cuenta.",
            "Setzen Sie dieses Medikament nicht eigenmächtig ab.",
            "N'arrêtez pas et ne modifiez pas ce médicament de vous-même.",
        ] {
            assert!(says_do_not_stop(text), "{text:?}");
        }
        assert!(!says_do_not_stop(
            "Its leaflet says to stop taking it and get medical advice at once."
        ));
    }

    #[test]
    fn a_gap_never_crosses_a_sentence() {
        fine("Setzen Sie sich hin. Ab morgen dehnen.");
        denied("Setzen Sie sich hin, ab morgen dehnen", "de");
    }

    #[test]
    fn every_pattern_is_well_formed() {
        let do_not_stop = DO_NOT_STOP.iter().map(|p| ("", *p));
        for (_, pattern) in DENY
            .iter()
            .copied()
            .chain(ALLOW.iter().copied())
            .chain(do_not_stop)
        {
            let parts = parse(pattern);
            assert!(
                matches!(parts.first(), Some(Part::Word(_)))
                    && matches!(parts.last(), Some(Part::Word(_))),
                "{pattern:?} starts and ends with a word"
            );
            assert_eq!(
                pattern.to_string(),
                pattern.chars().flat_map(fold).collect::<String>(),
                "{pattern:?} is written folded (lower case, no accents)"
            );
        }
    }
}
