# language: fr
# Written by the fuzzer (idn-sim fuzz): « valide la dernière demande de connexion sur le smartphone A avec son code secret »: Camille valide la dernière demande de connexion sur le smartphone A avec son code secret: the login req-acc8aef9b7b7a0e4 was not approved: refused
# Found against broken: approves the most recent pending request with the seed 20260302 at case 54, shrunk from 24 to 8 steps.
@SEC-40 @SEC-41 @AUTH-06 @AUTH-01 @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 20260302, cas 54)

  # The fuzzer's world had the seed 9896872670553410101; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
  Scénario: le parcours réduit en 8 pas
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
    Quand pas 6 : Camille subit 8 demandes de connexion d'un fraudeur
    Alors les demandes reçoivent : « acceptée, acceptée, acceptée, acceptée, acceptée, acceptée, acceptée, acceptée »
    Quand pas 7 : Camille refuse la dernière demande de connexion sur le smartphone A
    Alors la demande est acceptée
    Quand pas 8 : Camille valide la dernière demande de connexion sur le smartphone A avec son code secret
    Alors la demande est refusée avec le code « request_closed »
