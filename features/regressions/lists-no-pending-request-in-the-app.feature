# language: fr
# Written by the fuzzer (idn-sim fuzz): « ne voit pas la notification d'une connexion à Mon Compte Formation (notifications désactivées), ouvre l'application du smartphone A et valide avec son code secret »: the pending requests of dev-camille-1: the login under way is not among them: without a notification, the app opened by hand must show the pending request
# Found against lists no pending request in the app with the seed 20260302 at case 3, shrunk from 24 to 6 steps.
@AUTH-04 @PUSH-02 @mode-post-office @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 20260302, cas 3)

  # The fuzzer's world had the seed 4759799971783335245; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
  Scénario: le parcours réduit en 6 pas
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
    Quand pas 6 : Camille ne voit pas la notification d'une connexion à Mon Compte Formation (notifications désactivées), ouvre l'application du smartphone A et valide avec son code secret
    Alors les demandes reçoivent : « acceptée, acceptée »
