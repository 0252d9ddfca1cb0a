# Teksten van de beveiligingschecklist voor leveranciers: /checklist, /vraag en het in- en
# uitvoeren van de vragenlijst. De vragen zelf staan in data/checklist.nl.toml.

## Vragenlijst als bestand

checklist-export-answer = Antwoord
checklist-export-note = Opmerking
checklist-export-instructions = Beantwoord elke vraag met ja, nee, weet niet of n.v.t. Licht uw antwoord toe waar dat helpt.

## Bladeren: /checklist, een onderdeel, een vraag

checklist-sections-choose = Kies een onderdeel om de vragen te bekijken.
# $start: het commando om te beginnen; $export: het commando om de vragenlijst als bestand te krijgen
checklist-sections-commands =
    Loop de vragen één voor één langs met { $start }. Uw voortgang wordt bewaard, per leverancier.
    Wilt u de vragenlijst naar uw leverancier mailen? Gebruik { $export }.
checklist-section-choose = Kies een vraag.
checklist-choice-sections = Alle onderdelen
# $section: de naam van het onderdeel
checklist-choice-section = Terug naar { $section }
# $text: de vraag
checklist-item-question = Vraag aan de leverancier: { $text }
checklist-item-why = Waarom dit ertoe doet: { $text }
checklist-item-good = Een goed antwoord: { $text }
checklist-item-advice = Bij nee of weet niet: { $text }
# $tier: de naam van het niveau, zoals basis
checklist-item-tier = Past bij niveau { $tier }.
# $id: de vaste naam van de vraag, zoals email.tls
checklist-item-id = Checklist: { $id }

## De vragen langslopen

# $supplier: de naam van de leverancier
checklist-walk-supplier = Checklist voor { $supplier }
checklist-walk-no-supplier = Checklist zonder leverancier
# $number: nummer van de vraag; $total: aantal vragen; $section: naam van het onderdeel
checklist-walk-position = Vraag { $number } van { $total } · { $section }
checklist-answer-yes = Ja
checklist-answer-no = Nee
checklist-answer-unknown = Weet niet
checklist-answer-not-applicable = N.v.t.
checklist-choice-pause = Later verder
checklist-choice-summary = Samenvatting
checklist-choice-next = Volgende vraag
# $resume: het commando om verder te gaan
checklist-paused = Uw antwoorden zijn bewaard. Ga later verder met { $resume }.
# $answer: het eerdere antwoord
checklist-already-answered = Deze vraag had u al beantwoord met "{ $answer }". Dat antwoord blijft staan.
# $start: het commando om te beginnen
checklist-run-missing = Deze checklist bestaat niet meer, bijvoorbeeld omdat hij is gewist. Begin opnieuw met { $start }.
# $max: het maximale aantal bewaarde checklists; $reset: het commando om er een te wissen
checklist-too-many-runs = U hebt al { $max } bewaarde checklists, het maximum. Wis er een met { $reset } NAAM voordat u een nieuwe begint.
checklist-run-not-yours = Deze checklist is van een ander lid. Begin uw eigen checklist met { $start }.
checklist-resume-none = U hebt nog geen bewaarde checklist. Begin er een met { $start }.
# $supplier: de naam zoals getypt
checklist-resume-not-found = U hebt geen checklist voor { $supplier }. Begin er een met { $start }.
checklist-resume-choose = Met welke checklist wilt u verder?
# $name: leverancier; $answered: aantal beantwoorde vragen; $total: aantal vragen
checklist-resume-entry = { $name } ({ $answered }/{ $total })
checklist-resume-no-supplier = Zonder leverancier
# $supplier: de naam van de leverancier
checklist-reset-done = De checklist voor { $supplier } is gewist.
checklist-reset-done-no-supplier = De checklist zonder leverancier is gewist.
checklist-reset-not-found = U hebt geen checklist voor { $supplier }. Er is niets gewist.
checklist-reset-not-found-no-supplier = U hebt geen checklist zonder leverancier. Er is niets gewist.

## Samenvatting en advies

# $supplier: de naam van de leverancier
checklist-summary-title-supplier = Samenvatting van de checklist voor { $supplier }
checklist-summary-title = Samenvatting van de checklist
# $section: onderdeel; $yes, $no, $unknown, $na, $open: aantallen
checklist-summary-section = { $section }: { $yes } ja, { $no } nee, { $unknown } weet niet, { $na } n.v.t.{ $open ->
    [0] {""}
   *[other] , { $open } open
}
checklist-summary-complete = Alle vragen zijn beantwoord.
# $open: aantal open vragen; $resume: het commando om verder te gaan
checklist-summary-incomplete = { $open ->
    [one] Er staat nog 1 vraag open.
   *[other] Er staan nog { $open } vragen open.
} Ga verder met { $resume }.
checklist-advice-title = Advies bij elk nee en weet niet:
checklist-advice-none = Geen enkel nee of weet niet, dus geen advies nodig.
# $title: korte naam van de vraag; $answer: het antwoord; $advice: het advies
checklist-advice-entry = • { $title } ({ $answer }): { $advice }
# $note: de opmerking uit het bestand
checklist-advice-note = Opmerking van de leverancier: { $note }
checklist-other-notes-title = Opmerkingen van de leverancier bij de andere vragen:
# $title: korte naam van de vraag; $note: de opmerking uit het bestand
checklist-other-notes-entry = • { $title }: { $note }

## Fouten in de argumenten van /checklist

# $word: het woord zoals getypt; $command: het commando
checklist-error-unknown = Ik ken "{ $word }" niet na { $command }. Gebruik start, verder, wis, exporteer of importeer, of de naam van een onderdeel. Typ { $command } voor de onderdelen.
checklist-error-supplier-empty = De naam van de leverancier is leeg. Voorbeeld: { $example }
# $max: het maximale aantal tekens
checklist-error-supplier-too-long = De naam van de leverancier is te lang: hij mag hoogstens { $max } tekens hebben.
checklist-error-export-word = "{ $word }" is geen taal (nl, en) of bestandsformaat (csv, markdown). Voorbeeld: { $example }
checklist-error-export-repeated = Geef hoogstens één taal en één bestandsformaat. "{ $word }" is er een te veel. Voorbeeld: { $example }
checklist-error-extra = "{ $word }" is te veel. Typ { $command } voor hulp.

## Vragenlijst als bestand: uitvoer en invoer

# $import: het commando om het ingevulde bestand terug te lezen; $column: de naam van de antwoordkolom in het bestand
checklist-export-ready = Hier is de vragenlijst. Stuur hem naar uw leverancier. Laat de leverancier in de kolom { $column } ja, nee, weet niet of n.v.t. invullen, en lees het ingevulde CSV-bestand terug met { $import }.
# $csv: het commando dat de vragenlijst als CSV geeft
checklist-export-ready-markdown = Hier is de vragenlijst als Markdown, om te lezen of te mailen. Een ingevuld Markdown-bestand kan de bot niet inlezen. Wilt u de antwoorden laten samenvatten, stuur de leverancier dan de CSV van { $csv }.
checklist-import-how = Stuur het ingevulde CSV-bestand als bijlage mee met het bericht { $import }. In de terminal typt u { $import } gevolgd door het pad naar het bestand.
# $max: de maximale grootte in kB
checklist-import-too-large = Het bestand is te groot. Een ingevulde vragenlijst mag hoogstens { $max } kB zijn.
# $file: de bestandsnaam
checklist-import-title = Antwoorden uit { $file }
checklist-import-error-empty = Het bestand is leeg.
checklist-import-error-not-text = Dit is geen tekstbestand. Sla de vragenlijst in uw spreadsheetprogramma op als CSV en stuur dat bestand.
# $column: de naam van de ontbrekende kolom
checklist-import-error-column = De eerste regel mist de kolom { $column }. Gebruik de vragenlijst van { $export } als basis.
# $row: het regelnummer, de kopregel is regel 1
checklist-import-error-malformed = Regel { $row } is geen geldige CSV. Controleer de aanhalingstekens op die regel.
checklist-import-error-missing-id = Regel { $row } heeft een antwoord maar geen id.
# $id: het id zoals in het bestand
checklist-import-error-unknown-id = Regel { $row } heeft het onbekende id "{ $id }". Gebruik de ids uit de vragenlijst van { $export }.
checklist-import-error-duplicate-id = Regel { $row } herhaalt het id "{ $id }". Elke vraag mag maar één keer voorkomen.
# $value: het antwoord zoals in het bestand
checklist-import-error-answer = Regel { $row } heeft het ongeldige antwoord "{ $value }". Gebruik ja, nee, weet niet of n.v.t. (of yes, no, don't know, n/a), of laat het vak leeg.

## /vraag

# $example: een voorbeeldvraag
checklist-ask-missing = Typ uw vraag achter het commando, bijvoorbeeld: { $example }
# $checklist: het commando om de onderwerpen te zien
checklist-ask-none = Daar gaat de checklist niet over. Bekijk de onderwerpen met { $checklist }.
checklist-ask-intro = Dit zegt de checklist erover:
# $title: korte naam van de vraag; $section: naam van het onderdeel
checklist-ask-choice-with-section = { $title } · { $section }
