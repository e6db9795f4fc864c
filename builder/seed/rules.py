"""Every word list and pattern the seed parser uses, each with the reason it reports.

The parser's logic is generic; what makes a line "page furniture" lives here as data, so
a new outlet's buttons or boxes are handled by adding a row, and every dropped line can
say which row dropped it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping


def phrases(*items: str) -> re.Pattern[str]:
    """A case-insensitive pattern matching exactly one of `items` (spaces match any whitespace)."""
    parts = sorted(("\\s+".join(re.escape(w) for w in item.split()) for item in items), key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(parts)})\s*[.:!…]*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LineRule:
    """A kind of line that belongs to the web page around the article, not to the article."""

    pattern: re.Pattern[str]
    """Matched against the whole stripped line (`fullmatch`)."""
    reason: str
    """Why such a line is dropped; shown in `dropped`."""


JUNK_RULES: tuple[LineRule, ...] = (
    LineRule(phrases(
        "advertisement", "advertisements", "advertising", "ad", "ads", "sponsored", "sponsored content",
        "paid content", "paid post", "promoted", "ad feedback", "video ad feedback", "skip advertisement",
        "story continues below advertisement", "article continues below advertisement",
        "continue reading below", "article continues below", "scroll to continue with content",
        "supported by", "publicidad", "publicité", "publicidade", "anuncio", "scroll down for video",
        "scroll down for more", "continua depois da publicidade", "continua após a publicidade",
        "continúa después de la publicidad", "sigue después de la publicidad", "la suite après la publicité",
        "suite après la publicité", "article continues after advertisement", "contenido patrocinado", "patrocinado",
    ), "advertising marker"),
    LineRule(phrases(
        "share", "share this", "share this article", "share this story", "share story", "share article",
        "share full article", "share on facebook", "share on twitter", "share on x", "share on whatsapp",
        "share on linkedin", "share via email", "share via", "more sharing options", "sharing options",
        "facebook", "twitter", "x", "whatsapp", "linkedin", "reddit", "flipboard", "telegram", "bluesky",
        "threads", "pinterest", "messenger", "email", "e-mail", "mail", "sms", "print", "copy", "copy link",
        "copy url", "link copied", "copied", "url copied", "save", "saved", "save article", "save for later",
        "bookmark", "gift article", "gift this article", "give this article", "comment", "comments",
        "view comments", "join the conversation", "follow", "+ follow", "following", "add topic",
        "summarize", "listen", "click here to share on social media",
        "compartir", "compartir en whatsapp", "compartir en facebook", "compartir en twitter",
        "compartir en x", "compartir en linkedin", "compartir en telegram", "compartir por correo",
        "enviar por correo", "enviar por email", "enviar", "copiar enlace", "copiar link", "enlace copiado",
        "imprimir", "guardar",
        "guardado", "comentar", "comentarios", "ir a los comentarios", "ver comentarios", "seguir",
        "regalar artículo", "regalar", "escuchar", "resumir", "social sharing",
        "ajouter l'article à vos favoris retirer l'article de vos favoris", "ajouter l'article à vos favoris",
        "ajouter aux favoris", "add to favorites", "añadir a favoritos", "adicionar aos favoritos",
        "partager", "compartilhar", "partilhar", "imprimer", "imprimir", "commenter", "comentar",
    ), "share, save or comment button"),
    LineRule(re.compile(r"(?:share|shares|compartir|compartidos?)\s*\d[\d.,]*k?", re.I),
             "share counter"),
    LineRule(re.compile(r"\d[\d.,]*k?\s*(?:comments?|comentarios?|shares)", re.I), "comment counter"),
    LineRule(re.compile(
        r"(?:\d{1,3}\s*(?:min(?:ute)?s?|minutos?)\s*(?:read|de\s+lectura|lectura)?"
        r"|(?:tiempo\s+de\s+)?lectura:?\s*\d{1,3}\s*min(?:utos?)?\.?"
        r"|reading\s+time:?\s*\d{1,3}\s*min(?:ute)?s?"
        r"|(?:se\s+lee\s+en|(?:temps\s+de\s+)?lecture\s*:?|tempo\s+de\s+leitura:?|leitura:?)\s*\d{1,3}\s*"
        r"min(?:utos?|\.)?\.?"
        r"|(?:listen|escuchar|escucha)\b.{0,60}"
        r"|(?:play|pause|mute|unmute)(?:\s+(?:video|audio))?"
        r"|\d{1,2}:\d{2}\s*(?:min|mins)\.?(?:\s*(?:listen|read))?)", re.I),
        "reading time or audio player"),
    LineRule(re.compile(
        r"(?:(?:updated|published|posted|actualizado|publicado|last\s+updated)[:\s]+)?"
        r"(?:\d{1,3}\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?)\s+ago"
        r"|hace\s+\d{1,3}\s*(?:segundos?|minutos?|min|horas?|h|días?|semanas?|meses?)"
        r"|just\s+now|an?\s+(?:hour|minute|day)\s+ago|yesterday|today|ayer|hoy|hace\s+un(?:a)?\s+\w+)",
        re.I), "relative timestamp (it gives no calendar date)"),
    LineRule(re.compile(
        r"(?:(?:updated|published|posted|actualizado|publicado|modified|modificado|last\s+updated)[:\s]*"
        r"(?:at\s+|a\s+las\s+)?)?\d{1,2}[:.h]\d{2}\s*(?:[ap]\.?\s?m\.?)?\s*(?:hrs?\.?|horas?)?"
        r"\s*(?:\(?[A-Z]{1,5}\)?)?", re.I),
        "time of day without a date"),
    LineRule(phrases(
        "skip to content", "skip to main content", "skip to navigation", "skip to footer", "menu", "search",
        "home", "inicio", "portada", "back to top", "volver arriba", "sign in", "log in", "login",
        "iniciar sesión", "acceder", "register", "subscribe", "subscribe now", "suscríbete", "suscribirse",
        "suscríbase", "account", "my account", "mi cuenta", "close", "cerrar", "open", "next", "previous",
        "anterior", "siguiente", "próxima", "próximo", "loading", "cargando", "show more", "show less", "ver más", "ver menos",
        "read more", "leer más", "continue reading", "keep reading", "seguir leyendo", "sigue leyendo",
        "expand", "collapse", "toggle caption", "hide caption", "enlarge this image", "enlarge image",
        "view image", "ver imagen", "fullscreen", "full screen", "pantalla completa", "image", "imagen",
        "photo", "foto", "photos", "fotos", "gallery", "galería", "see more", "click to expand", "new", "nuevo",
        "undo", "learn more", "more", "más", "translate", "traducir",
        "leer en español", "read in english", "en español", "in english", "view in app", "open in app",
        "download the app", "descarga la app", "end of list", "fin de la lista", "skip", "omitir",
        "reuse this content", "order reprints", "today's paper", "reprints", "corrections", "key events",
        "show key events only", "please turn on javascript to use this feature", "add to your saved stories",
        "view all comments", "most viewed", "jump to", "in this article", "en este artículo", "live feed",
        "minuto a minuto",
    ), "page control (button or link text)"),
    LineRule(phrases("video", "vídeo", "watch", "watch video", "watch now", "ver video", "ver vídeo",
                     "play video", "reproducir video", "now playing", "up next", "audio"),
             "video or audio player label"),
    LineRule(re.compile(r"(?:new\s*)?(?:you can now listen to|ahora puedes escuchar).{1,80}", re.I),
             "audio player promotion"),
    LineRule(re.compile(r"(?:a version of this article appears in print|una versión de este artículo).{0,400}",
                        re.I),
             "print edition note"),
    LineRule(phrases("tracking", "pixel", "tracking pixel", "undefined", "null", "none", "nan",
                     "[object object]", "javascript", "noscript", "loading...", "placeholder"),
             "tracking or script residue"),
    LineRule(phrases("democracy dies in darkness", "all the news that's fit to print",
                     "el periódico global", "el diario independiente de la mañana"), "outlet slogan"),
    LineRule(re.compile(r"[\W_]{1,}", re.UNICODE), "separator or stray symbols"),
    LineRule(re.compile(r"\d{1,3}(?:\s*(?:/|of|de)\s*\d{1,3})?", re.I), "stray number or gallery counter"),
    LineRule(re.compile(r"(?:list\s+(?:\d+\s+)?of\s+\d+(?:\s+items?)?"
                        r"|(?:image|photo|foto|imagen)\s+\d+\s+(?:of|de)\s+\d+)", re.I),
             "list or gallery widget"),
    LineRule(re.compile(r"(?:https?://|www\.)\S+", re.I), "bare link address"),
    LineRule(re.compile(r"(?:(?:contact|email|e-mail|write to|escríbenos|correo)\b[^@]{0,40}?[:\s])?"
                        r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+\.?", re.I), "e-mail address line"),
    LineRule(re.compile(r"(?:©|\(c\)\s|copyright\b|all rights reserved|todos los derechos reservados).{0,200}",
                        re.I),
             "copyright notice"),
    LineRule(re.compile(r".{0,200}(?:is subject to copyright|all rights reserved|todos los derechos reservados|"
                        r"tous droits réservés|todos os direitos reservados)\b.{0,400}", re.I),
             "copyright notice"),
    LineRule(re.compile(r"(?:this article is more than|this article was published more than"
                        r"|este artículo tiene más de|este artículo fue publicado hace más de).{0,60}", re.I),
             "archive notice"),
    LineRule(re.compile(r"(?:click here|tap here|haz clic aquí|haga clic aquí|pulsa aquí|clic aquí|"
                        r"download our app|descarga nuestra app|get the .{1,30} app|"
                        r"like what you'?re reading)\b.{0,160}"
                        r"|(?:follow|sigue|siga|more|más|read|lee|watch|mira)\b.{0,160}https?://\S+",
                        re.I), "promotion link"),
    LineRule(re.compile(r"(?:follow|síguenos|siguenos|sígannos|siga a|follow us|join us)\b.{0,80}"
                        r"\b(?:on|en)\b.{0,60}", re.I), "social media promotion"),
    LineRule(re.compile(r"(?:our standards|nuestros estándares|the thomson reuters trust principles|"
                        r"why you can trust|por qué puedes confiar en).{0,120}", re.I),
             "outlet boilerplate"),
    LineRule(re.compile(r".{0,200}(?:,\s*)?opens new tab", re.I), "link residue (\"opens new tab\")"),
    LineRule(re.compile(r"(?i:(?:additional\s+)?(?:reporting|writing|editing|compiled)\s+by)"
                        r"\s+[A-Z][^.]{1,240}\.?"),
             "wire reporting credits"),
    LineRule(re.compile(r"(?:(?:image|photo|video)\s+(?:source|credit)s?|fuente de la imagen)", re.I),
             "image credit label"),
    LineRule(re.compile(r"(?:updated|published|posted|actualizado|publicado|first published|last updated|"
                        r"issued on|modified)\s*:?", re.I), "date label without a date"),
)
"""Lines dropped wherever they stand, first matching rule wins."""


SECTION_LABELS: frozenset[str] = frozenset("""
world;world news;local news;us;u.s.;us news;u.s. news;uk;uk news;national;local;international;politics;
business;economy;
markets;money;finance;technology;tech;science;health;climate;climate crisis;environment;sport;sports;football;
culture;arts;entertainment;opinion;opinions;analysis;news analysis;editorial;comment;commentary;news;
americas;latin america;the americas;europe;asia;africa;middle east;asia pacific;oceania;live;live updates;
live news;breaking;breaking news;exclusive;explainer;feature;features;fact check;investigation;
investigations;obituary;obituaries;review;reviews;interview;lifestyle;travel;food;education;society;
world politics;global development;security;defense;defence;immigration;elections;media;
internacional;nacional;mundo;américa;america;américa latina;latinoamérica;latinoamerica;españa;méxico;mexico;
política;politica;economía;economia;negocios;mercados;tecnología;tecnologia;ciencia;salud;clima;
medio ambiente;deportes;cultura;opinión;análisis;analisis;editorial;tribuna;columna;entrevista;
reportaje;crónica;cronica;sociedad;última hora;ultima hora;en vivo;en directo;directo;exclusiva;
verificación;educación;estilo de vida;viajes;gastronomía;actualidad;noticias;sucesos;justicia
""".replace("\n", "").split(";")) - {""}
"""Section labels printed above headlines (English and Spanish), compared case-insensitively."""


AGENCIES: tuple[str, ...] = (
    "AFP", "Agence France-Presse", "AFP via Getty Images", "Reuters", "REUTERS", "AP", "AP Photo",
    "Associated Press", "EFE", "Agencia EFE", "EPA", "EPA-EFE", "Getty Images", "Getty", "Europa Press",
    "Bloomberg", "Xinhua", "Anadolu", "Anadolu Agency", "dpa", "DPA", "ANSA", "Shutterstock", "Alamy",
    "iStock", "iStockphoto", "Cordon Press", "NurPhoto", "SOPA Images", "LightRocket", "Sipa", "Sipa USA",
    "ZUMA Press", "ZUMA Wire", "Zuma", "AAP", "PA", "PA Media", "PA Wire", "Kyodo", "Yonhap", "Télam",
    "Notimex", "Contacto", "Contacto Photo", "Pool", "POOL", "Handout", "HANDOUT", "Wikimedia Commons",
    "Unsplash", "Pexels", "Archivo", "File", "Redux", "Polaris", "Bloomberg via Getty Images",
    "EUROPA PRESS", "GETTY IMAGES", "ASSOCIATED PRESS", "AGENCIA EFE",
)
"""Photo agencies and credit words that end captions ("...in an archive image.AFP")."""

CREDIT_LOWER_WORDS: frozenset[str] = frozenset({
    "via", "vía", "for", "de", "del", "la", "las", "los", "el", "y", "by", "courtesy", "of", "handout",
    "file", "photo", "pool", "archive", "archivo", "images", "image", "press", "por", "cortesía", "on",
    "photographer", "foto", "fotografía", "imagen", "staff", "agency", "agencia", "van", "von", "da", "do",
    "dos", "di", "du", "le", "e",
})
"""Lower-case words that may appear inside a photo credit ("Name/AFP via Getty Images")."""

CREDIT_LABEL_PREFIX = re.compile(
    r"^(?:©|\(c\)|(?:photo|foto|photograph|fotografía|credit|crédito|image|imagen|file|archivo)\s*:)\s*", re.I)
"""A label left at the start of a credit ("Foto: Name" -> "Name")."""

CREDIT_MARKERS = (r"(?:Photograph|Photo|Foto|Fotografía|Credit|Crédito|Image|Imagen|Picture|Ilustración|"
                  r"Illustration|Photo credit|Photo by|Foto de)")
"""Words that introduce a photo credit, before `:`, `...` or `,` ("Photograph: Name/AFP")."""

CAPTION_LABELS = re.compile(
    r"(?:image\s+caption|photo\s+caption|caption|pie\s+de\s+foto|pie\s+de\s+imagen|leyenda|"
    r"descripción\s+de\s+la\s+imagen)"
    r"\s*(?:[,:]\s*(?P<rest>.*))?", re.I)
"""A line that says it is a caption ("Image caption, ..."); `rest` is the caption or empty."""

CREDIT_LABELS = re.compile(
    r"(?:image\s+source|photo\s+source|image\s+credit|photo\s+credit|credit|crédito|fuente\s+de\s+la\s+imagen|"
    r"autor\s+de\s+la\s+foto|photo|foto|photograph|fotografía|image|imagen)"
    r"\s*(?:,|:|\.\.\.|…)\s*(?P<rest>.{0,100})"
    r"|(?:photo(?:graph)?\s+by|foto\s+(?:de|por)|imagen\s+de)\s+(?P<by>[A-ZÁÉÍÓÚÑ].{0,100})", re.I)
"""A line that says it is a photo credit ("Image source, Getty Images")."""

CAPTION_NOISE = (
    re.compile(r"^(?:item\s+\d+\s+of\s+\d+|\[\d+\s*/\s*\d+\]|\d+\s+of\s+\d+|image\s+\d+\s+of\s+\d+|"
               r"foto\s+\d+\s+de\s+\d+|(?:archivo|file\s+photo|file)\s*[-–:]\s*)\s*", re.I),
    re.compile(r"\s*(?:purchase\s+licensing\s+rights(?:,\s*opens\s+new\s+tab)?|open\s+image\s+in\s+gallery|"
               r"enlarge\s+this\s+image|toggle\s+caption|hide\s+caption)\s*$", re.I),
)
"""Gallery counters and buttons around a caption ("Item 1 of 3 ...", "...Purchase Licensing Rights")."""


BYLINE_PREFIXES: tuple[tuple[str, bool], ...] = (
    ("published by", True), ("publicado por", True), ("publicada por", True), ("written by", True),
    ("escrito por", True), ("escrita por", True), ("posted by", True), ("words by", True),
    ("story by", True), ("text by", True), ("texto de", True), ("texto:", True), ("authors,", True),
    ("author,", True), ("autores,", True), ("autor,", True), ("autora,", True), ("author:", True),
    ("autor:", True), ("publié par", True), ("article rédigé par", True), ("rédigé par", True),
    ("escrito por", True), ("by:", False), ("por:", False), ("by", False), ("por", False), ("par", False),
    ("from", False),
)
"""Words that open a byline; True when the line is a byline even with no names after it
("Published by" alone), False when the rest must read as names ("By Tuesday, ..." is text)."""


NAME_PARTICLES: frozenset[str] = frozenset({
    "de", "del", "la", "las", "los", "da", "das", "do", "dos", "van", "von", "der", "den", "di", "du", "le",
    "y", "e", "and", "&", "bin", "al", "el", "ter", "st.",
})
"""Lower-case words allowed inside personal names and name lists."""


KNOWN_OUTLETS: Mapping[str, str] = {name.casefold(): name for name in (
    "BBC", "BBC News", "BBC Mundo", "BBC News Mundo", "CNN", "CNN en Español", "Reuters", "Associated Press",
    "AP", "AP News", "The Guardian", "Guardian", "The New York Times", "New York Times", "The Washington Post",
    "Washington Post", "The Wall Street Journal", "Wall Street Journal", "Financial Times", "Bloomberg",
    "Politico", "POLITICO", "Axios", "NPR", "Fox News", "NBC News", "CBS News", "ABC News", "Al Jazeera",
    "France 24", "DW", "Deutsche Welle", "Euronews", "The Economist", "The Independent", "The Times",
    "The Telegraph", "Sky News", "El País", "EL PAÍS", "El Mundo", "ABC", "La Vanguardia", "El Confidencial",
    "elDiario.es", "20minutos", "Europa Press", "EFE", "Agencia EFE", "Infobae", "Clarín", "La Nación",
    "El Tiempo", "El Universal", "El Comercio", "Milenio", "Excélsior", "Semana", "El Nacional",
    "Efecto Cocuyo", "El Pitazo", "Voz", "Voz.us", "Univision", "Telemundo", "El Nuevo Herald",
    "Miami Herald", "The Atlantic", "Time", "Newsweek", "Vox", "USA Today", "Los Angeles Times",
    "The Hill", "Daily Mail", "Le Monde", "AFP",
)}
"""Outlet names as they appear on logo lines or after bylines ("By Jane Doe, CNN")."""

OUTLET_DOMAIN = re.compile(
    r"(?<![\w.])[A-Za-z][\w-]*(?:\.[\w-]+)*\.(?:com|net|org|us|es|mx|ar|co|uk|info|news|tv|io|fr|de|it|cl|"
    r"pe|ve|ec|uy|bo|py|cr|do|gt|hn|sv|ni|pa|cu|pr|ca|au|in|eu|media)(?![\w])")
"""A site name written as a domain ("Voz.us", "elDiario.es") on a logo line."""

LOGO_WORDS = re.compile(r"\b(?:logo|logotipo|homepage|home\s+page|portada|página\s+principal)\b", re.I)
"""Words that betray a logo's alt text ("The Guardian logo")."""


MONTHS: Mapping[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5, "junio": 6,
    "julio": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9, "set": 9, "octubre": 10,
    "noviembre": 11, "diciembre": 12, "dic": 12,
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
    "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "déc": 12,
    "janeiro": 1, "fevereiro": 2, "fev": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6, "julho": 7,
    "setembro": 9, "outubro": 10, "out": 10, "novembro": 11, "dezembro": 12, "dez": 12,
}
"""Month names and abbreviations in English, Spanish, French and Portuguese, lower case."""

DATE_NOISE_WORDS: frozenset[str] = frozenset("""
updated update published publish posted first last modified issued on at the am pm et gmt utc est edt cst
cdt mst mdt pst pdt bst cet cest eet eest wet art cot vet clt pet ect bot pyt uyt hst akst ast adt ist jst
hrs hr h horas hora actualizado actualizada actualización publicado publicada modificado modificada el a al
las la de del en y hours hour minutes minute mins min ago hace minutos horas days day días is date fecha
sunday monday tuesday wednesday thursday friday saturday sun mon tue tues wed thu thur thurs fri sat
domingo lunes martes miércoles miercoles jueves viernes sábado sabado dom lun mar mié mie jue vie sáb sab
publié publiée modifié modifiée mis jour le à par lundi mardi mercredi jeudi vendredi samedi dimanche
atualizado atualizada publicado publicada em às segunda terça quarta quinta sexta sábado feira
última ultima atualização atualizacao actualización actualizacion mise
""".split())
"""Words that may stand around a date on a date line ("Updated 3:04 PM EST, Sun ...")."""

LANGUAGE_STOP_WORDS: Mapping[str, frozenset[str]] = {
    "en": frozenset("the and of to in is that for with was on as by it at from has have are this which".split()),
    "es": frozenset("el la de que y en los las del por con una para se su al lo como más pero sus es".split()),
    "pt": frozenset("o a os as de do da dos das que e em no na um uma para com não por se ao mais".split()),
    "fr": frozenset("le la les de des du et en un une est que qui dans pour sur au aux par pas ce".split()),
}
"""Frequent short words used to guess the article's language."""


FIELD_ROLES: Mapping[str, str] = {
    "title": "title", "titulo": "title", "título": "title", "titre": "title", "headline": "title",
    "titular": "title", "deck": "deck", "subtitle": "deck", "subtítulo": "deck", "summary": "summary",
    "resumen": "summary", "resumo": "summary", "résumé": "summary", "chapeau": "deck", "lead": "deck",
    "body": "body", "noticia": "body", "texto": "body", "text": "body", "cuerpo": "body", "corpo": "body",
    "cuerpo de la noticia": "body", "texto de la noticia": "body", "corpo da notícia": "body",
    "texto da notícia": "body", "corps de l'article": "body",
    "dateline": "dateline", "byline": "byline", "author": "byline", "autor": "byline", "date": "date",
    "fecha": "date",
}
"""Labels of a dataset's exported fields ("HEADLINE:", "titulo ...") and what each holds."""

MAIL_HEADER = re.compile(
    r"^(?:From|Subject|Reply-To|Organization|Organisation|Lines|Newsgroups|Message-ID|Date|Path|"
    r"Sender|References|NNTP-Posting-Host|Distribution|Keywords|Summary|Expires|Followup-To|X-[\w-]+)"
    r":\s", re.I)
"""A mail or newsgroup header line ("Subject: ...")."""

FIELD_LABEL = re.compile(
    rf"^(?P<label>{'|'.join(sorted(FIELD_ROLES, key=len, reverse=True))})(?P<sep>\s*:\s*|\s+)(?P<rest>.*)$", re.I)
"""A labelled field of a dataset's export ("HEADLINE: ...", "titulo ...")."""


END_TITLES = phrases(
    "disclosure statement", "déclaration d’intérêts", "déclaration d'intérêts", "declaración de intereses",
    "declaração de interesses", "about the author", "about the authors", "sobre el autor", "sobre los autores",
    "sobre o autor", "sobre a autora", "à propos de l'auteur", "auteurs", "authors", "autores", "partenaires",
    "partners", "socios", "parceiros", "notre audience", "vous voulez écrire ?", "comments", "comentarios",
    "comentários", "commentaires", "deja un comentario", "deixe um comentário", "leave a comment",
    "deixe um comentário cancelar resposta", "tags", "etiquetas", "temas relacionados", "tags relacionadas",
    "newsletter", "newsletters", "vos newsletters", "acerca de", "síganos en", "suivez-nous", "siga-nos",
    "follow us", "acerca de dw", "más de dw", "servicio", "poursuivez votre lecture sur les mêmes thèmes",
    "voir les autres épisodes", "other episodes", "more episodes", "otros episodios", "outros episódios",
    "autres épisodes", "mots clés", "mots-clés", "palabras clave", "palavras-chave", "keywords", "tópicos",
)
"""Titles of what pages put only before or after an article (bios, disclosures, partners,
comments, tags, sign-ups, the footer), in English, Spanish, Portuguese and French."""
BOX_TITLES = phrases(
    "related", "related articles", "related stories", "related content",
    "related topics", "more from", "read more", "read next", "most read", "most popular", "more stories",
    "you may also like", "recommended", "tags", "topics", "temas", "temas relacionados", "contenido relacionado",
    "noticias relacionadas", "te puede interesar", "lo más leído", "más leídas", "principales noticias",
    "no te lo pierdas", "etiquetas", "leia mais", "leia também", "veja também", "notícias relacionadas",
    "mais lidas", "tags relacionadas", "lire aussi", "à lire aussi", "a lire aussi", "sur le même sujet",
    "les plus lus", "autres articles", "share this article", "partager", "partilhar", "compartilhar",
    "compartilhe", "descubra más", "más de", "artigos relacionados", "mostrar mais", "você pode gostar também",
    "você também pode gostar", "veja também", "te puede gustar", "también te puede gustar",
    "vous aimerez aussi", "vous pourriez aussi aimer", "vous aimerez peut-être", "you might like",
    "you may like", "recomendados para você", "compartilhe este artigo", "share this article",
)
"""Titles of the boxes of links to other stories that pages put around and inside an
article, in English, Spanish, Portuguese and French."""
BOX_TITLE_START = re.compile(
    r"^(?:autres articles|other stories|more on|más sobre|mais sobre|plus sur|related:|lire aussi|"
    r"à lire aussi|a lire aussi|lire encore|lire également|leia mais|leia também|lee también|"
    r"read more|read also|also read|te puede interesar|>>)", re.I)
"""The opening words of a box title followed by its first link ("Lire aussi : ...")."""
