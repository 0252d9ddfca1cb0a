# Conversation texts: what Ketenwacht answers when members type commands or press buttons.
# Readers are webshop owners; address them with "u" and keep it plain.

## Commands: one description each for command menus (at most 100 characters, Discord's
## limit) and one example each for help

conversation-command-start = Welkom en uitleg over Ketenwacht
conversation-command-help = Alle opdrachten met een voorbeeld
conversation-command-subscribe = Deze chat aanmelden voor beveiligingsberichten
conversation-command-unsubscribe = Deze chat afmelden
conversation-command-settings = Uw instellingen bekijken en wijzigen
conversation-command-latest = De nieuwste beveiligingsberichten voor uw niveau
conversation-command-advisory = Eén beveiligingsbericht bekijken
conversation-command-digest = Vooruitblik op uw volgende overzicht
conversation-command-checklist = Beveiligingschecklist voor uw leveranciers: bekijken, invullen, exporteren
conversation-command-ask = Stel een vraag over de beveiligingschecklist
conversation-command-mydata = Bekijk wat Ketenwacht over u bewaart
conversation-command-forget = Wis wat Ketenwacht over u bewaart
conversation-command-submit = Meld een dreiging die u zag, zoals een phishinglink, aan de staf

conversation-example-start = /start
conversation-example-help = /hulp
conversation-example-subscribe = /aanmelden basis nl dagelijks 07:30 include=magento,woocommerce
conversation-example-unsubscribe = /afmelden
conversation-example-settings = /instellingen
conversation-example-latest = /nieuwste
conversation-example-advisory = /advies NCSC-2025-0259
conversation-example-digest = /overzicht
conversation-example-checklist = /checklist start leverancier=Pakketdienst BV
conversation-example-ask = /vraag hoe lang moet een wachtwoord zijn?
conversation-example-mydata = /mijngegevens
conversation-example-forget = /vergeetmij
conversation-example-submit = /melden Nep-betaalpagina op https://pay-update.example.com/ verstuurd vanaf 192.0.2.10

# $command: the command as typed, such as /nieuwste; $description: its description
conversation-command-line = { $command }: { $description }

## Start

conversation-start-welcome = Welkom bij Ketenwacht.
conversation-start-about = Ketenwacht volgt de beveiligingsberichten van onder meer het Nationaal Cyber Security Centrum (NCSC) en het Digital Trust Center. Wij kiezen de berichten die voor webshops belangrijk zijn en sturen ze in begrijpelijke taal naar deze chat.
conversation-start-tiers = U kiest zelf hoeveel techniek u wilt zien:
conversation-start-next = Meld deze chat aan om berichten te ontvangen, of bekijk eerst alle opdrachten.

conversation-tier-basic-about = Basis: in gewone woorden wat er speelt en wat u moet doen. Handig als een webbouwer of hostingpartij uw webshop beheert.
conversation-tier-advanced-about = Gevorderd: met het NCSC-kenmerk, de inschatting van kans en schade en welke updates u moet installeren.
conversation-tier-expert-about = Expert: alle technische details, zoals de getroffen producten, CVE-nummers en CVSS-scores.

## Help

conversation-help-intro = Dit zijn de opdrachten van Ketenwacht. U kunt ze in het Nederlands of in het Engels typen.
# $alias: the Dutch name, such as /aanmelden; $name: the English name, such as /subscribe
conversation-help-names = { $alias } of { $name }
# $names: the command's names; $description: what it does; $example: an example to type
conversation-help-entry =
    { $names }: { $description }
    Voorbeeld: { $example }

## Unknown commands, and arguments or buttons that cannot be used

# $command: the unknown name as typed
conversation-unknown = De opdracht /{ $command } ken ik niet. Deze opdrachten ken ik wel:
# $command: the command; $max: the maximum number of words
conversation-error-too-many-arguments = Na { $command } mogen hoogstens { $max } woorden staan. Typ /hulp voor voorbeelden.
# $command: the command; $value: the start of the long word; $max: the maximum length
conversation-error-argument-too-long = Het woord "{ $value }" na { $command } is te lang: het mag hoogstens { $max } tekens hebben. Typ /hulp voor voorbeelden.
conversation-callback-invalid = Deze knop werkt niet. Typ de opdracht opnieuw, of bekijk uw instellingen.
conversation-callback-outdated = Deze knop is verouderd. Typ de opdracht opnieuw, of bekijk uw instellingen.

## Buttons

conversation-choice-subscribe = Aanmelden
conversation-choice-help = Hulp
conversation-choice-settings = Instellingen
conversation-choice-confirm = Bevestigen
conversation-choice-cancel = Annuleren
conversation-choice-tier-basic = Basis
conversation-choice-tier-advanced = Gevorderd
conversation-choice-tier-expert = Expert
# Each language's button shows its name in that language.
conversation-choice-language-nl = Nederlands
conversation-choice-language-en = English
conversation-choice-change-language = Taal wijzigen
conversation-choice-change-tier = Niveau wijzigen
conversation-choice-change-cadence = Frequentie wijzigen
conversation-choice-unsubscribe = Afmelden
conversation-choice-unsubscribe-confirm = Ja, afmelden

conversation-cancelled = Geannuleerd. Er is niets gewijzigd.

## Describing a subscription

# $language: nl or en
conversation-language-name = { $language ->
    [nl] Nederlands
   *[en] Engels
}

# $day: mon to sun
conversation-weekday = { $day ->
    [mon] maandag
    [tue] dinsdag
    [wed] woensdag
    [thu] donderdag
    [fri] vrijdag
    [sat] zaterdag
   *[sun] zondag
}

# $cadence: instant, daily or weekly; $time: HH:MM; $weekday: a weekday (conversation-weekday)
conversation-cadence = { $cadence ->
    [instant] alleen dringende berichten, meteen
    [daily] dagelijks om { $time }
   *[weekly] wekelijks op { $weekday } om { $time }
}

# $tier: tier name; $language: language name; $cadence: conversation-cadence
conversation-subscription-summary = Niveau { $tier }, in het { $language }, { $cadence }.

## Subscribing

conversation-subscribe-choose-tier = Stap 1 van 3: welk niveau past bij u?
conversation-subscribe-choose-language = Stap 2 van 3: in welke taal wilt u de berichten ontvangen?
conversation-subscribe-choose-cadence = Stap 3 van 3: hoe vaak wilt u berichten ontvangen? Dringende berichten sturen we altijd meteen.
# $summary: conversation-subscription-summary
conversation-subscribe-confirm = Klopt dit? { $summary }
# $summary: conversation-subscription-summary; $settings: the settings command
conversation-subscribed = Deze chat is aangemeld. { $summary } U kunt dit altijd wijzigen met { $settings }.
conversation-subscription-updated = Het abonnement van deze chat is bijgewerkt. { $summary } U kunt dit altijd wijzigen met { $settings }.

conversation-not-admin = Alleen beheerders van deze chat kunnen het abonnement wijzigen. Wilt u zelf berichten ontvangen? Stuur mij dan een privébericht met /aanmelden.

## Errors in the words after /aanmelden: each says what was wrong and what to type instead

conversation-error-tier-missing = Begin met een niveau: basis, gevorderd of expert. Bijvoorbeeld: /aanmelden basis nl dagelijks
# $value: the word as typed
conversation-error-tier-unknown = "{ $value }" is geen niveau. Kies basis, gevorderd of expert, bijvoorbeeld: /aanmelden basis
# $value: the word as typed
conversation-error-word-unknown = "{ $value }" begrijp ik niet. Na het niveau kunt u een taal (nl of en), een frequentie (meteen, dagelijks of wekelijks), een dag bij wekelijks (maandag tot en met zondag), een tijd en filters opgeven. Bijvoorbeeld: /aanmelden basis nl wekelijks vrijdag 07:30
# $setting: language, cadence, weekday, time or lower; $value: the second value as typed
conversation-error-duplicate = { $setting ->
    [language] U hebt twee talen opgegeven
    [cadence] U hebt twee frequenties opgegeven
    [weekday] U hebt twee dagen opgegeven
    [time] U hebt twee tijden opgegeven
   *[lower] U hebt "lower" twee keer opgegeven
} (de tweede is "{ $value }"). Geef elke instelling één keer op.
# $value: the time as typed
conversation-error-time = "{ $value }" is geen geldige tijd. Typ een tijd als UU:MM, bijvoorbeeld 07:30.
conversation-error-weekday-needs-weekly = Een dag kiest u alleen bij wekelijkse berichten. Typ bijvoorbeeld: /aanmelden basis nl wekelijks vrijdag
# $value: the time as typed
conversation-error-time-with-instant = Bij "meteen" sturen we alleen dringende berichten, direct als ze verschijnen, dus de tijd { $value } is niet nodig. Laat de tijd weg, of kies dagelijks of wekelijks.
# $value: the option name as typed
conversation-error-option-unknown = De optie "{ $value }=" ken ik niet. Gebruik include= voor onderwerpen die u wilt zien en exclude= voor onderwerpen die u niet wilt zien, bijvoorbeeld include=magento,woocommerce
# $option: include or exclude
conversation-error-filter-empty = Na { $option }= moet een zoekterm staan, en tussen twee komma's ook. Bijvoorbeeld: { $option }=magento,woocommerce
# $count: filters given; $max: the maximum
conversation-error-filter-count = U hebt { $count } filters opgegeven, maar er mogen hoogstens { $max } zijn. Laat er een paar weg.
# $filter: the start of the filter; $max: the maximum length
conversation-error-filter-long = Het filter "{ $filter }" is te lang: het mag hoogstens { $max } tekens hebben. Kies een kortere zoekterm.
# $filter: the filter as typed
conversation-error-filter-invalid = Het filter "{ $filter }" is geen geldige reguliere expressie. Gebruik gewone woorden, zoals magento, of zet een \ voor tekens als ( [ * + en ?.
# $filter: the filter as typed
conversation-error-filter-blank = Een filter is leeg. Geef een woord of zoekterm op, zoals magento.

conversation-error-filter-complex = Het filter "{ $filter }" is te ingewikkeld om te gebruiken. Kies een eenvoudiger zoekterm, zoals magento.

## Settings

conversation-settings-title = Instellingen van deze chat
# $tier: tier name
conversation-settings-tier = Niveau: { $tier }
# $language: language name
conversation-settings-language = Taal: { $language }
# $cadence: conversation-cadence
conversation-settings-cadence = Frequentie: { $cadence }
conversation-settings-no-filters = Filters: geen, u ontvangt alle berichten van uw niveau
# $filters: the filters, separated by commas
conversation-settings-include = Alleen berichten over: { $filters }
# $filters: the filters, separated by commas
conversation-settings-exclude = Geen berichten over: { $filters }
# $lower: yes or no
conversation-settings-lower = { $lower ->
    [yes] Ook berichten van lagere niveaus: ja
   *[no] Ook berichten van lagere niveaus: nee
}
conversation-settings-inactive = Let op: we sturen geen berichten meer, omdat ze deze chat niet meer bereikten. Meld deze chat opnieuw aan om weer berichten te ontvangen.
# $language: language name
conversation-settings-none = Deze chat heeft nog geen abonnement. De taal van deze chat is { $language }.
conversation-settings-saved = Opgeslagen.
conversation-settings-choose-tier = Kies het nieuwe niveau:
conversation-settings-choose-language = Kies de taal van deze chat:
conversation-settings-choose-cadence = Hoe vaak wilt u berichten ontvangen? Dringende berichten sturen we altijd meteen.
# $language: language name, in the new language
conversation-language-changed = De taal van deze chat is nu { $language }.
# $subscribe: the subscribe command
conversation-subscribe-first = Deze chat heeft nog geen abonnement. Meld u eerst aan met { $subscribe }.

## Unsubscribing

conversation-unsubscribe-confirm = Weet u zeker dat u deze chat wilt afmelden? U ontvangt dan geen beveiligingsberichten meer.
# $subscribe: the subscribe command
conversation-unsubscribed = Deze chat is afgemeld. U ontvangt geen berichten meer van Ketenwacht. Wilt u later weer berichten ontvangen? Stuur dan { $subscribe }.
conversation-not-subscribed = Deze chat heeft geen abonnement, dus er is niets af te melden.

## Reading advisories

# $tier: tier name
conversation-latest-title = De nieuwste beveiligingsberichten voor niveau { $tier }:
# $tier: tier name
conversation-latest-none = Er zijn nog geen beveiligingsberichten voor niveau { $tier }.
# $subscribe: the subscribe command
conversation-latest-default-tier = Deze chat heeft nog geen abonnement, dus u ziet de berichten voor niveau basis. Met { $subscribe } kiest u uw eigen niveau.

# $example: the command with an example id
conversation-advisory-missing-id = Welk bericht wilt u zien? Typ het kenmerk erachter, bijvoorbeeld: { $example }
# $id: the id as typed
conversation-advisory-invalid-id = "{ $id }" is geen geldig kenmerk. Een kenmerk ziet eruit als NCSC-2025-0259.
# $id: the advisory id; $latest: the latest command
conversation-advisory-not-found = Ik ken geen bericht met kenmerk { $id }. Controleer het kenmerk, of bekijk de nieuwste berichten met { $latest }.
# $id: the advisory id; $label: its TLP label; $ceiling: the highest label the chat receives
conversation-advisory-restricted = Bericht { $id } is gemarkeerd als TLP:{ $label } en mag daarom hier niet worden gedeeld: deze chat ontvangt berichten tot en met TLP:{ $ceiling }.

conversation-digest-preview = Vooruitblik: dit staat tot nu toe in uw volgende overzicht.
conversation-digest-preview-instant = U ontvangt alleen dringende berichten, meteen als ze verschijnen. Dit zijn de dringende berichten sinds het laatste overzicht.

## Internal errors

conversation-internal-error = Er ging iets mis aan onze kant. Probeer het over een paar minuten opnieuw. Blijft het misgaan? Laat het dan de beheerders van Ketenwacht weten.

conversation-upload-unsupported = Met dit bestand kan de bot niets. Wilt u een ingevulde checklist terugsturen? Stuur dan het CSV-bestand mee met het commando /checklist importeer.
