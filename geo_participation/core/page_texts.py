"""The first text of each site page. Staff replace it in the admin; this only fills a new installation.

On "Wie funktioniert's?" a line ``[Beteiligungsformate]`` stands for the list of the participation formats, each
with its label and description from the format registry (core.views.page_detail); formats are never listed here.
"""

FORMATS_PLACEHOLDER = "[Beteiligungsformate]"

PAGES = {
    "so-funktionierts": {
        "title_de": "Wie funktioniert's?",
        "body_de": """Auf Kaiserslautern MitWirkung kannst du bei Projekten der Stadt mitreden: online, und bei manchen Abstimmungen auch mit einer Postkarte.

## 1. Registrieren
Wenn du bei einem Projekt mitwirken möchtest, musst du dich registrieren. Du wählst einen Benutzernamen – nur er ist öffentlich sichtbar. Deine E-Mail-Adresse sieht niemand außer dir.

## 2. E-Mail-Adresse bestätigen
Wir schicken dir einen Bestätigungslink. Erst nach dem Klick darauf kannst du mitmachen.

## 3. Mitmachen
[Beteiligungsformate]

## 4. Moderation
Neue Beiträge und Kommentare prüft unser Moderationsteam, bevor sie erscheinen. So bleibt der Ton freundlich. Sobald entschieden ist, bekommst du eine E-Mail – und wenn wir etwas nicht veröffentlichen können, steht dort auch, warum.

## 5. Ergebnisse
Wenn ein Beteiligungsformat beendet ist, veröffentlicht die Stadt die Ergebnisse hier auf der Plattform.""",
        "title_en": "How does it work?",
        "body_en": """On Kaiserslautern MitWirkung you can take part in the city's projects: online, and for some polls on a postcard as well.

## 1. Sign up
To take part you need an account. You choose a username – only it is shown publicly. Nobody but you sees your e-mail address.

## 2. Confirm your e-mail address
We send you a confirmation link. Once you have clicked it, you can take part.

## 3. Take part
[Beteiligungsformate]

## 4. Moderation
Our moderators check new contributions and comments before they appear. Once they have decided, you get an e-mail – and if something cannot be published, it says why.

## 5. Results
When a participation format has ended, the city publishes the results here.""",
    },
    "impressum": {
        "title_de": "Impressum",
        "body_de": """## Herausgeberin
Stadtverwaltung Kaiserslautern
Willy-Brandt-Platz 1
67657 Kaiserslautern

Die Stadt Kaiserslautern ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch die Oberbürgermeisterin bzw. den Oberbürgermeister.

## Kontakt
E-Mail: info@klmitwirkung.de

## Verantwortlich für den Inhalt
Das Team der Beteiligungsplattform (bitte durch die Stadt ergänzen).

## Hinweis
Dies ist eine Demo-Installation. Die Redaktion ersetzt diesen Text im Verwaltungsbereich unter „Seiten“.""",
        "title_en": "Legal notice",
        "body_en": """## Publisher
Stadtverwaltung Kaiserslautern
Willy-Brandt-Platz 1
67657 Kaiserslautern

## Contact
E-mail: info@klmitwirkung.de

This is a demo installation. Staff replace this text in the admin under "Pages".""",
    },
    "datenschutz": {
        "title_de": "Datenschutzerklärung",
        "body_de": """## Was wir speichern
- Benutzername (öffentlich sichtbar), Vor- und Nachname, E-Mail-Adresse (nie öffentlich), Passwort (nur verschlüsselt).
- Deine Beiträge, Kommentare und Zustimmungen. Öffentlich erscheinen sie nur mit deinem Benutzernamen.
- Deine Stimmen in Abstimmungen. Sie sind geheim: Keine Seite und kein Export verbindet dich mit deiner Wahl.
- Wer dich eingeladen hat (für die Verlosung). In der veröffentlichten Losliste einer Verlosung stehst du nur unter einem zufälligen Pseudonym; gewinnst du, nennt die Seite deinen Benutzernamen oder, wenn du das wählst, deine Initialen.

## Fotos
Von hochgeladenen Fotos entfernen wir alle Metadaten, auch den Aufnahmeort (GPS). Fotos sind nur zu sehen, solange ihr Beitrag veröffentlicht ist: Wird er abgelehnt oder ausgeblendet, sehen sie nur noch du und das Moderationsteam; ziehst du ihn zurück, löschen wir ihn samt Fotos.

## Deine Rechte
Unter „Mein Profil“ kannst du alle über dich gespeicherten Daten herunterladen und dein Konto löschen. Beim Löschen entfernen wir deine persönlichen Daten; deine Beiträge bleiben ohne Namen erhalten.

## Schutz vor Passwort-Raten
Schlägt eine Anmeldung fehl, zählen wir die Fehlversuche für das Konto und für deine Verbindung, damit niemand Passwörter durchprobieren kann. Deine IP-Adresse speichern wir dabei nicht, nur einen mit einem geheimen Schlüssel daraus berechneten Wert (einen Hash). Einen Tag nach dem letzten Fehlversuch löschen wir ihn. Sonst speichern wir keine IP-Adressen.

## Cookies
Wir setzen nur technisch notwendige Cookies: für die Anmeldung, den Schutz von Formularen und deine Spracheinstellung. Es gibt kein Tracking.

## Kontakt
Fragen zum Datenschutz: info@klmitwirkung.de""",
        "title_en": "Privacy notice",
        "body_en": """## What we store
- Username (public), first and last name, e-mail address (never public), password (hashed only).
- Your contributions, comments and supports, shown publicly with your username only.
- Your votes. They are secret: no page or export links you to your choice.
- Who invited you (for the raffle). A raffle's published ticket list shows you only under a random pseudonym; if you win, the page names you by your username or, if you choose, your initials.

## Photos
We strip all metadata from uploaded photos, including the location (GPS). Photos can be seen only while their contribution is published; once it is rejected or hidden, nobody but you and the moderators sees them (a withdrawn contribution is deleted with its photos).

## Your rights
Under "My profile" you can download everything stored about you and delete your account. Deleting erases your personal data; your contributions stay, without your name.

## Protection against password guessing
When a login fails, we count the failures for the account and for your connection, so that nobody can try out passwords. We do not store your IP address for this, only a value computed from it with a secret key (a hash). We delete it one day after the last failure. We store no other IP addresses.

## Cookies
Only technically necessary cookies: login, form protection, your language. No tracking.""",
    },
    "barrierefreiheit": {
        "title_de": "Erklärung zur Barrierefreiheit",
        "body_de": """Die Stadt Kaiserslautern ist bemüht, diese Plattform im Einklang mit der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) und den Web Content Accessibility Guidelines (WCAG 2.1, Stufe AA) barrierefrei zugänglich zu machen.

## Stand der Vereinbarkeit
Diese Plattform ist teilweise mit BITV 2.0 vereinbar. Alles, was du auf einer Karte tun kannst, geht auch ohne Karte: Jede Karte hat eine Liste mit denselben Inhalten, und Orte kannst du über eine Adresssuche oder Koordinaten angeben. Alle Funktionen sind mit der Tastatur bedienbar.

## Was noch nicht barrierefrei ist
- Die Hintergrundkarte (Kartenkacheln) hat keine Textalternative. Was auf der Karte steht, steht auch in der Liste daneben.
- Beiträge und Kommentare von Bürgerinnen und Bürgern sind in der englischen Ansicht nicht als deutscher Text ausgezeichnet.
- Linien und Flächen mit der Tastatur zu zeichnen ist möglich, braucht aber viele Tastendrücke.

## Wie wir prüfen
Selbstbewertung: Jede Seitenart wird bei jeder Änderung automatisch nach WCAG 2.1 AA geprüft (axe-core in Chromium) und von Hand mit Tastatur und Bildschirmbreite 375 Pixel getestet.

## Barriere melden
Ist dir eine Barriere aufgefallen? Nutze das Formular unten oder schreib uns an info@klmitwirkung.de. Wir antworten innerhalb von sechs Wochen.

## Schlichtungsverfahren
Wenn du keine zufriedenstellende Antwort erhältst, kannst du dich an die Schlichtungsstelle nach § 16 BGG oder an die zuständige Stelle des Landes Rheinland-Pfalz wenden.""",
        "title_en": "Accessibility statement",
        "body_en": """The City of Kaiserslautern aims to make this platform accessible in line with BITV 2.0 and WCAG 2.1 level AA.

## Compliance
This platform is partially compliant with BITV 2.0. Everything you can do on a map you can also do without it: every map has a list with the same content, and places can be given by address search or coordinates. Everything works with the keyboard.

## Not yet accessible
- The background map (tiles) has no text alternative. What the map shows is also in the list beside it.
- Contributions and comments by residents are not marked as German text in the English view.
- Drawing lines and areas with the keyboard works but takes many key presses.

## How we check
Self-assessment: every page type is checked automatically against WCAG 2.1 AA with every change (axe-core in Chromium) and tested by hand with the keyboard and at a width of 375 pixels.

## Report a barrier
Found a barrier? Use the form below or write to info@klmitwirkung.de. We answer within six weeks.""",
    },
    "leichte-sprache": {
        "title_de": "Leichte Sprache",
        "body_de": """Das ist die Internet-Seite Kaiserslautern MitWirkung.

Hier kannst du bei der Stadt mit-reden.

## Was kannst du hier machen?
- Du kannst Ideen sagen.
- Du kannst Orte auf einer Karte zeigen. Zum Beispiel Orte, an denen du Angst hast.
- Du kannst abstimmen. Online oder mit einer Post-Karte.

## Wie geht das?
- Du meldest dich an. Dafür brauchst du eine E-Mail-Adresse.
- Du bekommst eine E-Mail. Darin ist ein Link. Du klickst auf den Link.
- Dann kannst du mit-machen.

## Hast du Fragen?
Schreib uns eine E-Mail: info@klmitwirkung.de""",
        "title_en": "Plain language",
        "body_en": """This is the website Kaiserslautern MitWirkung. Here you can have your say in the city.

- You can share ideas.
- You can show places on a map.
- You can vote, online or on a postcard.

Questions? Write to info@klmitwirkung.de""",
    },
    "kontakt": {
        "title_de": "Kontakt",
        "body_de": """Du hast Fragen oder Anregungen? Das Team von Kaiserslautern MitWirkung freut sich über deine Nachricht.

E-Mail: info@klmitwirkung.de

Stadtverwaltung Kaiserslautern
Willy-Brandt-Platz 1
67657 Kaiserslautern""",
        "title_en": "Contact",
        "body_en": """Questions or ideas? Write to the Kaiserslautern MitWirkung team: info@klmitwirkung.de""",
    },
}
