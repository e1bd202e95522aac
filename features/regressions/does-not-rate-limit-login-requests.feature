# language: fr
# Written by the fuzzer (idn-sim fuzz): « subit 11 demandes de connexion d'un fraudeur »: the step RequestLogin at 2026-03-02 08:10:36: expected refused `rate_limited`, observed accepted
# Found against broken: no rate limit on login requests with the seed 20260302 at case 3, shrunk from 24 to 7 steps.
@FRAUD-03 @mode-post-office @fuzz-regression
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
    Quand pas 6 : Camille débloque son identité avec de faux 4 derniers caractères
    Alors la demande est refusée avec le code « document_suffix_mismatch »
    Quand pas 7 : Camille subit 11 demandes de connexion d'un fraudeur
    Alors les demandes reçoivent : « acceptée, acceptée, acceptée, acceptée, acceptée, acceptée, acceptée, acceptée, acceptée, acceptée, rate_limited »
