"""The demo city's projects: the Smart City projects from the city's press releases and three offices' projects.

Texts marked "Demo" are written for the demo; names and facts come from fixtures/kaiserslautern and the
press releases the platform was built from.
"""

from .models import Project, Topic

SMART_CITY = "Smart City Kaiserslautern (herzlich digital), Stabsstelle Digitalisierung I.8"

PROJECTS = [
    {
        "slug": "stadt-raum-wir", "title": "Stadt.Raum.Wir.", "topic": Topic.CULTURE, "office": SMART_CITY,
        "summary": "Öffentliche Plätze in der Innenstadt beleben – mit Veranstaltungen, die die Lautrerinnen und Lautrer selbst auswählen.",
        "description": "Im Smart-City-Projekt Stadt.Raum.Wir. entscheiden die Bürgerinnen und Bürger mit, welche Veranstaltungen "
                       "die öffentlichen Plätze der Innenstadt beleben. Abgestimmt wird online und mit Postkarten in neun "
                       "Abstimmungsboxen in der Stadt; beide Stimmen werden zusammengeführt.",
        "contact": "Patrick Glaser, Projektverantwortlicher\ninfo@klmitwirkung.de",
    },
    {
        "slug": "lokale-logistik", "title": "Lokale Logistik", "topic": Topic.ECONOMY, "office": SMART_CITY,
        "summary": "Wie kommt die Bestellung beim lokalen Lieblingshändler zu mir? Eine Ausprobierbox für die Innenstadt.",
        "description": "Das Projekt Lokale Logistik entwickelt eine innovative Ausprobierbox. In einer Umfrage konnten die "
                       "Bürgerinnen und Bürger sagen, welche Ausstattung und Funktionen eine solche Box bieten soll.",
        "contact": "info@klmitwirkung.de",
    },
    {
        "slug": "dritte-orte", "title": "Dritte Orte", "topic": Topic.SOCIETY, "office": SMART_CITY,
        "summary": "Orte neben Zuhause und Arbeit: mehr Freizeitmöglichkeiten und eine lebendige Innenstadt.",
        "description": "Dritte Orte entstehen durch Bürgerbeteiligung: Welche Orte fehlen dir in Kaiserslautern, wo "
                       "möchtest du Zeit verbringen, lernen, andere treffen?",
        "contact": "info@klmitwirkung.de",
    },
    {
        "slug": "dialog-zivilgesellschaft", "title": "Dialog Zivilgesellschaft", "topic": Topic.SOCIETY, "office": SMART_CITY,
        "summary": "Vereine, Initiativen und Stadtverwaltung im Gespräch über die digitale Stadt.",
        "description": "Im Projekt Dialog Zivilgesellschaft tauschen sich Vereine, Initiativen und die Stadt über "
                       "Beteiligungsmöglichkeiten und digitale Themen aus, die das Leben der Menschen betreffen.",
        "contact": "info@klmitwirkung.de",
    },
    {
        "slug": "lautrer-stadtdialog", "title": "Lautrer Stadtdialog", "topic": Topic.DIGITAL, "office": SMART_CITY,
        "summary": "Die Beteiligungsplattform Kaiserslautern MitWirkung und ihre Verlosung: mehr Beteiligung in der herzlich digitalen Stadt.",
        "description": "Der Lautrer Stadtdialog betreibt diese Plattform. Zum Stichtag kamen alle Registrierten in den "
                       "Lostopf; wer Freunde geworben hat, bekam weitere Lose.",
        "contact": "Patrick Glaser, Projektverantwortlicher\ninfo@klmitwirkung.de",
    },
    {
        "slug": "digitaler-zwilling", "title": "Digitaler Zwilling", "topic": Topic.DIGITAL, "office": SMART_CITY,
        "summary": "Ein digitales Abbild der Stadt für Planung und Beteiligung (Demo-Text).",
        "description": "Demo-Text: Ein digitales 3D-Modell der Stadt hilft, Planungen verständlich zu zeigen und Ideen "
                       "der Bürgerinnen und Bürger an der richtigen Stelle zu verorten.",
        "contact": "info@klmitwirkung.de",
    },
    {
        "slug": "smarte-mobilitaet", "title": "Smarte Mobilität", "topic": Topic.MOBILITY, "office": SMART_CITY,
        "summary": "Digitale Angebote für Bus, Rad und Fußwege (Demo-Text).",
        "description": "Demo-Text: Wie kommst du in Kaiserslautern von A nach B? Das Projekt sammelt Wünsche für "
                       "digitale Mobilitätsangebote.",
        "contact": "info@klmitwirkung.de",
    },
    {
        "slug": "klimasensoren", "title": "Klimadaten für die Stadt", "topic": Topic.CLIMATE, "office": SMART_CITY,
        "summary": "Sensoren messen Temperatur und Luftfeuchte in der Stadt (Demo-Text).",
        "description": "Demo-Text: Messstationen liefern offene Klimadaten. Wo sollen weitere Sensoren hängen?",
        "contact": "info@klmitwirkung.de",
    },
    {
        "slug": "sicher-unterwegs", "title": "Sicher unterwegs in Kaiserslautern", "topic": Topic.SAFETY,
        "office": "Referat Recht und Ordnung, mit der Gleichstellungsstelle",
        "summary": "Wo fühlst du dich unwohl oder unsicher? Markiere Angsträume, damit die Stadt sie verbessern kann.",
        "description": "Dunkle Unterführungen, schlecht beleuchtete Wege, unübersichtliche Ecken: Die Stadt sammelt "
                       "Angsträume, um Beleuchtung, Wege und Grünschnitt gezielt zu verbessern.",
        "contact": "Referat Recht und Ordnung\ninfo@klmitwirkung.de",
    },
    {
        "slug": "hitzeaktionsplan", "title": "Hitzeaktionsplan Kaiserslautern", "topic": Topic.CLIMATE,
        "office": "Referat Umweltschutz",
        "summary": "Wo wird es im Sommer zu heiß? Deine Hitzepunkte helfen bei Schatten, Grün und Trinkbrunnen.",
        "description": "Versiegelte Plätze, fehlender Schatten, Hitze in der Nacht: Für den Hitzeaktionsplan sammelt "
                       "die Stadt die Orte, an denen es im Sommer zu heiß wird.",
        "contact": "Referat Umweltschutz\ninfo@klmitwirkung.de",
    },
    {
        "slug": "fahrradstrassen", "title": "Fahrradstraßen in Kaiserslautern", "topic": Topic.MOBILITY,
        "office": "Referat Stadtentwicklung, Abteilung Verkehrsplanung",
        "summary": "Die Rütschhofstraße ist Kaiserslauterns erste Fahrradstraße; Park- und Augustastraße sollen folgen. Wie findest du sie?",
        "description": "Seit 2022 haben Radfahrende in der Rütschhofstraße Vorrang. Der Stadtrat hat sich für weitere "
                       "Radverkehrsachsen ausgesprochen, etwa durch die Park- und Augustastraße. Sag uns, was gut "
                       "läuft und wo es hakt.",
        "contact": "Referat Stadtentwicklung\ninfo@klmitwirkung.de",
    },
]


def demo_projects_load() -> str:
    created = 0
    for data in PROJECTS:
        _project, was_created = Project.objects.get_or_create(slug=data["slug"], defaults=data)  # keeps staff edits
        created += was_created
    return f"{len(PROJECTS)} Projekte ({created} neu)"
