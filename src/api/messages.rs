//! The `title` and `detail` of every problem, in every supported language. English is the
//! `Display` of [`ApiError`]; the other languages are written here, next to each other, so a
//! new error cannot be added without all four (the match is exhaustive).

use super::error::ApiError;
use crate::domain::Lang;

/// Picks the text for `lang` from an (en, es, de, fr) tuple.
fn pick(lang: Lang, [en, es, de, fr]: [&'static str; 4]) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Es => es,
        Lang::De => de,
        Lang::Fr => fr,
    }
}

/// The problem type's title in `lang`.
pub fn title(error: &ApiError, lang: Lang) -> &'static str {
    let texts = match error {
        ApiError::MalformedJson { .. } => [
            "The request body is not valid JSON",
            "El cuerpo de la solicitud no es JSON válido",
            "Der Anfragetext ist kein gültiges JSON",
            "Le corps de la requête n'est pas un JSON valide",
        ],
        ApiError::EmptyBody => [
            "The request body is empty",
            "El cuerpo de la solicitud está vacío",
            "Der Anfragetext ist leer",
            "Le corps de la requête est vide",
        ],
        ApiError::InvalidParameter(_) => [
            "A request parameter is invalid",
            "Un parámetro de la solicitud no es válido",
            "Ein Anfrageparameter ist ungültig",
            "Un paramètre de la requête n'est pas valide",
        ],
        ApiError::Unauthorized { .. } => [
            "Unauthorized",
            "No autorizado",
            "Nicht autorisiert",
            "Non autorisé",
        ],
        ApiError::TooManyRequests { .. } => [
            "Too many requests",
            "Demasiadas solicitudes",
            "Zu viele Anfragen",
            "Trop de requêtes",
        ],
        ApiError::NotFound { .. } => [
            "Not found",
            "No encontrado",
            "Nicht gefunden",
            "Introuvable",
        ],
        ApiError::RouteNotFound => [
            "No such route",
            "Ruta inexistente",
            "Diese Route gibt es nicht",
            "Route inexistante",
        ],
        ApiError::MethodNotAllowed { .. } => [
            "Method not allowed",
            "Método no permitido",
            "Methode nicht erlaubt",
            "Méthode non autorisée",
        ],
        ApiError::NotAcceptable => [
            "Not acceptable",
            "No aceptable",
            "Nicht annehmbar",
            "Non acceptable",
        ],
        ApiError::PayloadTooLarge { .. } => [
            "The request body is too large",
            "El cuerpo de la solicitud es demasiado grande",
            "Der Anfragetext ist zu groß",
            "Le corps de la requête est trop volumineux",
        ],
        ApiError::UnsupportedMediaType { .. } => [
            "Unsupported media type",
            "Tipo de contenido no admitido",
            "Nicht unterstützter Medientyp",
            "Type de contenu non pris en charge",
        ],
        ApiError::Validation(_) => [
            "The profile is not valid",
            "El perfil no es válido",
            "Das Profil ist ungültig",
            "Le profil n'est pas valide",
        ],
        ApiError::NotReady => ["Not ready", "No disponible", "Nicht bereit", "Pas prêt"],
        ApiError::Unexpected(_) => [
            "Internal server error",
            "Error interno del servidor",
            "Interner Serverfehler",
            "Erreur interne du serveur",
        ],
        ApiError::Other { .. } => return error.code_and_title().1,
    };
    pick(lang, texts)
}

/// This occurrence's detail in `lang`.
pub fn detail(error: &ApiError, lang: Lang) -> String {
    if lang == Lang::En {
        return error.to_string();
    }
    let l = lang;
    match error {
        ApiError::MalformedJson { line, column, .. } => match l {
            Lang::Es => format!("el cuerpo de la solicitud no es JSON válido (línea {line}, columna {column})"),
            Lang::De => format!("der Anfragetext ist kein gültiges JSON (Zeile {line}, Spalte {column})"),
            _ => format!("le corps de la requête n'est pas un JSON valide (ligne {line}, colonne {column})"),
        },
        ApiError::EmptyBody => pick(l, ["", "el cuerpo de la solicitud está vacío; envíe un perfil en JSON", "der Anfragetext ist leer; senden Sie ein Profil als JSON", "le corps de la requête est vide ; envoyez un profil en JSON"]).to_owned(),
        ApiError::InvalidParameter(_) => pick(l, ["", "un parámetro de la solicitud no es válido", "ein Anfrageparameter ist ungültig", "un paramètre de la requête n'est pas valide"]).to_owned(),
        ApiError::Unauthorized { presented: true } => pick(l, ["", "la clave de API no es válida", "der API-Schlüssel ist ungültig", "la clé d'API n'est pas valide"]).to_owned(),
        ApiError::Unauthorized { presented: false } => pick(l, [
            "",
            "este servicio necesita una clave de API: envíe Authorization: Bearer <clave> o X-API-Key",
            "dieser Dienst braucht einen API-Schlüssel: senden Sie Authorization: Bearer <Schlüssel> oder X-API-Key",
            "ce service exige une clé d'API : envoyez Authorization: Bearer <clé> ou X-API-Key",
        ]).to_owned(),
        ApiError::TooManyRequests { retry_after_seconds: s } => match l {
            Lang::Es => format!("demasiadas solicitudes; vuelva a intentarlo dentro de {s} s"),
            Lang::De => format!("zu viele Anfragen; versuchen Sie es in {s} s erneut"),
            _ => format!("trop de requêtes ; réessayez dans {s} s"),
        },
        ApiError::NotFound { resource, id } => {
            let what = resource_name(resource, l);
            match l {
                Lang::Es => format!("no existe ningún elemento de tipo «{what}» con el id {id:?}"),
                Lang::De => format!("{what} mit der ID {id:?} wurde nicht gefunden"),
                _ => format!("aucun élément de type « {what} » n'a l'identifiant {id:?}"),
            }
        }
        ApiError::RouteNotFound => pick(l, ["", "no hay ningún recurso en esta ruta", "unter diesem Pfad gibt es keine Ressource", "il n'y a aucune ressource à ce chemin"]).to_owned(),
        ApiError::MethodNotAllowed { method, allow } => {
            let allow = allow.join(", ");
            match l {
                Lang::Es => format!("esta ruta no admite el método {method}; métodos permitidos: {allow}"),
                Lang::De => format!("dieser Pfad unterstützt die Methode {method} nicht; erlaubt: {allow}"),
                _ => format!("ce chemin n'accepte pas la méthode {method} ; autorisées : {allow}"),
            }
        }
        ApiError::NotAcceptable => pick(l, [
            "",
            "este servicio responde con application/json (errores: application/problem+json); la cabecera Accept no admite ninguno",
            "dieser Dienst antwortet mit application/json (Fehler: application/problem+json); der Accept-Header erlaubt keines davon",
            "ce service répond en application/json (erreurs : application/problem+json) ; l'en-tête Accept n'autorise aucun des deux",
        ]).to_owned(),
        ApiError::PayloadTooLarge { limit } => match l {
            Lang::Es => format!("el cuerpo de la solicitud supera el límite de {limit} bytes"),
            Lang::De => format!("der Anfragetext überschreitet die Grenze von {limit} Bytes"),
            _ => format!("le corps de la requête dépasse la limite de {limit} octets"),
        },
        ApiError::UnsupportedMediaType { got } => match l {
            Lang::Es => format!("envíe el perfil como application/json (se recibió {got})"),
            Lang::De => format!("senden Sie das Profil als application/json (erhalten: {got})"),
            _ => format!("envoyez le profil en application/json (reçu : {got})"),
        },
        ApiError::Validation(errors) => {
            let n = errors.len();
            match l {
                Lang::Es => format!("{n} campo(s) no superaron la validación; vea errors"),
                Lang::De => format!("{n} Feld(er) haben die Prüfung nicht bestanden; siehe errors"),
                _ => format!("{n} champ(s) n'ont pas passé la validation ; voir errors"),
            }
        }
        ApiError::NotReady => pick(l, ["", "el servicio todavía no acepta solicitudes", "der Dienst nimmt noch keine Anfragen an", "le service n'accepte pas encore de requêtes"]).to_owned(),
        ApiError::Unexpected(_) => pick(l, ["", "se produjo un error inesperado", "ein unerwarteter Fehler ist aufgetreten", "une erreur inattendue s'est produite"]).to_owned(),
        ApiError::Other { .. } => error.to_string(),
    }
}

fn resource_name(resource: &str, lang: Lang) -> &'static str {
    match (resource, lang) {
        ("cause", Lang::Es) => "causa",
        ("cause", Lang::De) => "Ursache",
        ("cause", _) => "cause",
        ("remedy", Lang::Es) => "remedio",
        ("remedy", Lang::De) => "Maßnahme",
        ("remedy", _) => "remède",
        (_, Lang::Es) => "elemento",
        (_, Lang::De) => "Eintrag",
        _ => "élément",
    }
}
