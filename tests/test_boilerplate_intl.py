"""BP003-BP007: furniture beyond English, and language-neutral furniture lines."""

from __future__ import annotations

import pytest

from helpers import lint_text, matched

# (language, furniture lines that must be flagged, prose lines that must not)
FURNITURE_LINES = {
    "de": (
        [
            "Schreibe einen Kommentar",
            "Antwort abbrechen",
            "Deine E-Mail-Adresse wird nicht veröffentlicht.",
            "Artikel drucken",
            "• Teilen",
            "Ähnliche Artikel",
            "Das könnte Sie auch interessieren:",
            "Weiterlesen »",
            "Nächster Artikel",
            "Zurück zur Übersicht",
            "Impressum",
            "Newsletter abonnieren",
        ],
        [
            "Sie können den Artikel drucken und mit Freunden teilen.",
            "Weiter ging es mit der Abstimmung im Bundestag.",
            "Die Kommentare der Leser waren überwiegend positiv.",
            "Im Impressum der Zeitung stand kein Name.",
        ],
    ),
    "fr": (
        [
            "Laisser un commentaire",
            "Annuler la réponse",
            "Votre adresse e-mail ne sera pas publiée.",
            "Partager cet article",
            "Imprimer",
            "À lire aussi",
            "Lire la suite…",
            "Article suivant",
            "Mentions légales",
            "Abonnez-vous à notre newsletter",
        ],
        [
            "Lire la suite de l'enquête dans notre édition de demain.",
            "Il a fallu imprimer les bulletins une seconde fois.",
            "Les mentions légales du contrat ont été modifiées en 2019.",
            "Suivant les recommandations du ministère, les écoles ferment.",
        ],
    ),
    "es": (
        [
            "Deja un comentario",
            "Cancelar respuesta",
            "Tu dirección de correo electrónico no será publicada.",
            "Compartir en Facebook",
            "Noticias relacionadas",
            "Leer más",
            "Artículo anterior",
            "Aviso legal",
            "Suscríbete a nuestro boletín",
        ],
        [
            "Para leer más sobre el tema, consulte el informe completo.",
            "El artículo anterior de la ley fue derogado en 2015.",
            "Los vecinos quieren compartir sus experiencias con el alcalde.",
        ],
    ),
    "pt": (
        [
            "Deixe um comentário",
            "Cancelar resposta",
            "O seu endereço de email não será publicado.",
            "Compartilhar no WhatsApp",
            "Leia também:",
            "Continue lendo",
            "Próximo artigo",
            "Política de privacidade",
            "Assine nossa newsletter",
        ],
        [
            "Leia também o relatório do Banco Central sobre a inflação.",
            "O próximo artigo da série vai tratar da reforma tributária.",
            "É preciso compartilhar os dados com os pesquisadores.",
        ],
    ),
    "ru": (
        [
            "Оставить комментарий",
            "Отменить ответ",
            "Ваш адрес email не будет опубликован.",
            "Поделиться",
            "Версия для печати",
            "Читайте также:",
            "Вам также может быть интересно",
            "Фото:",
            "Подробнее »",
            "Следующая статья",
            "Политика конфиденциальности",
            "Подписаться на рассылку",
        ],
        [
            "Подробнее об этом рассказал министр на пресс-конференции.",
            "Читайте также материалы наших коллег из регионов.",
            "Он решил поделиться своими воспоминаниями о войне.",
            "Фото этого здания не сохранилось.",
        ],
    ),
}


@pytest.mark.parametrize("lang", sorted(FURNITURE_LINES))
def test_furniture_lines_per_language(lang: str) -> None:
    furniture, prose = FURNITURE_LINES[lang]
    text = "\n".join([*prose[:1], *furniture, *prose[1:]]) + "\n"
    found = matched(text, lint_text(text, "BP003"))
    expected = [line.strip("•…»:. ") for line in furniture]
    assert found == expected, lang


@pytest.mark.parametrize("lang", sorted(FURNITURE_LINES))
def test_prose_with_furniture_words_is_not_flagged(lang: str) -> None:
    _, prose = FURNITURE_LINES[lang]
    text = "\n".join(prose) + "\n"
    assert lint_text(text, "BP003") == []


def test_furniture_line_has_an_unsafe_delete_fix() -> None:
    text = "Ein Absatz.\nArtikel teilen\nNoch ein Absatz.\n"
    (f,) = lint_text(text, "BP003")
    assert f.fix is not None and not f.fix.safe
    (edit,) = f.fix.edits
    assert text[: edit.start] + text[edit.end :] == "Ein Absatz.\nNoch ein Absatz.\n"


NOTICES = {
    "de": (
        "Diese Website verwendet Cookies, um Ihnen das beste Erlebnis zu bieten. OK",
        "Die Behörde prüft, ob die Firma Cookies ohne Zustimmung gesetzt hat.",
    ),
    "fr": (
        "En poursuivant votre navigation sur ce site, vous acceptez l'utilisation de cookies.",
        "La poursuite de la navigation a été interrompue par la tempête.",
    ),
    "es": (
        "© 2019 El Diario. Todos los derechos reservados.",
        "Los derechos de los trabajadores están reservados por la ley.",
    ),
    "pt": (
        "Este site utiliza cookies para melhorar a sua experiência. Aceitar",
        "O site do governo saiu do ar durante a votação.",
    ),
    "ru": (
        "При использовании материалов ссылка на источник обязательна.",
        "Он использует материалы архива в своей новой книге.",
    ),
    "it": (
        "Questo sito utilizza cookie tecnici e di profilazione.",
        "Il sito archeologico è stato chiuso per lavori.",
    ),
}


@pytest.mark.parametrize("lang", sorted(NOTICES))
def test_site_notices_report_the_whole_line(lang: str) -> None:
    notice, prose = NOTICES[lang]
    text = f"{prose}\n{notice}\n{prose}\n"
    assert matched(text, lint_text(text, "BP004")) == [notice]


@pytest.mark.parametrize("lang", sorted(NOTICES))
def test_prose_near_notices_is_not_flagged(lang: str) -> None:
    _, prose = NOTICES[lang]
    assert lint_text(prose + "\n", "BP004") == []


def test_notice_inside_a_long_paragraph_is_prose() -> None:
    para = (
        "Der Datenschutzbeauftragte kritisierte, dass der Satz 'Diese Website verwendet "
        "Cookies' auf vielen Seiten die einzige Information sei. " * 4
    ).strip()
    assert len(para) > 400
    assert lint_text(para + "\n", "BP004") == []


def test_notice_phrase_glued_to_letters_is_not_matched() -> None:
    assert lint_text("Reutilizamos cookiesx en la cocina.\n", "BP004") == []


# Language-neutral furniture lines: (rule, lines it flags whole, near-misses it leaves alone)
LINE_RULES = {
    "BP005": (
        [
            "Page 2 of 5",
            "Seite 3 von 12",
            "Página 1 de 4",
            "Страница 2 из 9",
            "« Previous 1 2 3 … 12 Next »",
            "1 2 3 4 5 Weiter",
            "Pages: 1 2 3",
            "1 | 2 | 3 | Suivant",
        ],
        [
            "The figures are on page 2 of 5 of the annex.",
            "4 7 9 12",
            "1 2 apples",
            "Chapter 1 2 3 of the report",
        ],
    ),
    "BP006": (
        [
            "12 Comments",
            "0 comments",
            "3 Kommentare",
            "5 commentaires",
            "7 комментариев",
            "Comments (4)",
            "Комментарии (5)",
            "12 thoughts on “Business Focus: Why Some Triumph”",
            'One response to "A Day at the Lake"',
        ],
        [
            "The post drew 12 comments within an hour.",
            "12 Commandments",
            "Comments on the draft are due by 2020.",
        ],
    ),
    "BP007": (
        [
            "© 2019 The Example Times Company",
            "Foto: © dpa",
            "Copyright © 2018 Hearst Communications, Inc.",
            "Copyright 2020 Example Media Group",
            "(c) 2017 Example Ltd.",
            "Photo: Jane Doe / © Reuters",
        ],
        [
            "Copyright law protects the expression of ideas, not the ideas themselves.",
            "The copyright on the song expired in 2019.",
            "Section (c) 2 of the act applies.",
            "x" * 130 + " © " + "y" * 130,
        ],
    ),
}


@pytest.mark.parametrize(
    ("code", "line"), [(code, line) for code, (hits, _) in LINE_RULES.items() for line in hits]
)
def test_furniture_line_rules(code: str, line: str) -> None:
    text = f"A sentence.\n{line}\n"
    assert matched(text, lint_text(text, code)) == [line]


@pytest.mark.parametrize(
    ("code", "line"), [(code, line) for code, (_, misses) in LINE_RULES.items() for line in misses]
)
def test_furniture_line_rules_near_misses(code: str, line: str) -> None:
    assert lint_text(line + "\n", code) == []
