# language: fr
# Written by the fuzzer (idn-sim fuzz): « valide l'avant-dernière demande de connexion sur le smartphone A avec son code secret »: Camille valide l'avant-dernière demande de connexion sur le smartphone A avec son code secret: id_token claim nonce: expected 51db4971cce20f03, got eba7b395fd96fff4
# Found against broken: puts the nonce of the last request in the id_token with the seed 20260302 at case 54, shrunk from 24 to 7 steps.
@SEC-10 @AUTH-01 @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 20260302, cas 54)

  # The fuzzer's world had the seed 9896872670553410101; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
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
    Quand pas 6 : Camille subit 8 demandes de connexion d'un fraudeur
    Alors les demandes reçoivent : « acceptée, acceptée, acceptée, acceptée, acceptée, acceptée, acceptée, acceptée »
    Quand pas 7 : Camille valide l'avant-dernière demande de connexion sur le smartphone A avec son code secret
    Alors la demande est acceptée
