# language: fr
# Written by the fuzzer (idn-sim fuzz): after « active l'application sur le smartphone A avec le code reçu par SMS, les bons 4 derniers caractères et son code secret »: the app on lost smartphone n° 1 works while the active smartphone is A: one active smartphone per identity
# Found against broken: keeps the old smartphone active with the seed 20260302 at case 3, shrunk from 24 to 7 steps.
@MGT-08 @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 20260302, cas 3)

  # The fuzzer's world had the seed 4759799971783335245; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
  Scénario: le parcours réduit en 7 pas
    Soit Camille au départ d'un parcours du fuzzer
    Quand pas 1 : Camille saisit sa pièce d'identité
    Alors la demande est acceptée
    Quand pas 2 : Camille valide les informations
    Alors la demande est acceptée
    Quand pas 3 : Camille choisit le bureau de poste
    Alors la demande est acceptée
    Quand pas 4 : Camille se présente au guichet avec son dernier code d'activation
    Alors la demande est acceptée
    Quand pas 5 : Camille active l'application sur le smartphone A avec le code reçu par SMS, de faux 4 derniers caractères et son code secret
    Alors la demande est acceptée
    Quand pas 6 : Camille perd son smartphone A et le remplace par un nouveau
    Quand pas 7 : Camille active l'application sur le smartphone A avec le code reçu par SMS, les bons 4 derniers caractères et son code secret
    Alors la demande est acceptée
    Alors seule l'application du smartphone A fonctionne
