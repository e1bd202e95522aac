# language: fr
# Written by the fuzzer (idn-sim fuzz): « subit 11 demandes de connexion d'un fraudeur »: the step RequestLogin at 2026-03-02 08:10:47: expected refused `rate_limited`, observed accepted
# Found against broken: no rate limit on login requests with the seed 20260302 at case 3, shrunk from 24 to 6 steps.
@FRAUD-03 @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 20260302, cas 3)

  Scénario: le parcours réduit de la graine du monde 15947558849298123013
    Soit Camille au départ d'un parcours du fuzzer, graine du monde 15947558849298123013
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
    Quand pas 6 : Camille subit 11 demandes de connexion d'un fraudeur
    Alors les demandes reçoivent : « acceptée, acceptée, acceptée, acceptée, acceptée, acceptée, acceptée, acceptée, acceptée, acceptée, rate_limited »
