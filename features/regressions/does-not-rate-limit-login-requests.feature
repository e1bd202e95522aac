# language: fr
# Written by the fuzzer (idn-sim fuzz): « subit 11 demandes de connexion d'un fraudeur »: the step RequestLogin at 2026-03-02 08:10:30: expected refused `rate_limited`, observed refused `unknown_login_hint`
# Found against broken: no rate limit on login requests with the seed 20260302 at case 3, shrunk from 24 to 1 steps.
@FRAUD-03 @SEC-42 @fuzz-regression
Fonctionnalité: Régression trouvée par le fuzzer (graine 20260302, cas 3)

  # The fuzzer's world had the seed 4759799971783335245; the scenario runs on the suite's, as every scenario does: the journey's steps, not the seed, make the finding.
  Scénario: le parcours réduit en 1 pas
    Soit Camille au départ d'un parcours du fuzzer
    Quand pas 1 : Camille subit 11 demandes de connexion d'un fraudeur
    Alors les demandes reçoivent : « unknown_login_hint, unknown_login_hint, unknown_login_hint, unknown_login_hint, unknown_login_hint, unknown_login_hint, unknown_login_hint, unknown_login_hint, unknown_login_hint, unknown_login_hint, rate_limited »
