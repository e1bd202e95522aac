# language: fr
@security
Fonctionnalité: Sécurité : le document de découverte
  FranceConnect+ lit le document de découverte de l'Identité Numérique avant de croire un
  seul id_token : son « issuer » est l'URL d'où il est servi, chacun de ses points d'accès
  est sur cette origine, et il annonce ce que FranceConnect+ exige (SECURITY.md, DISCO).

  Contexte:
    Soit le monde « défaut »

  @SEC-30 @SEC-31 @SEC-32 @SEC-01
  Scénario: Le document de découverte est complet, et tous ses points d'accès sont chez son émetteur
    # En HTTP, le client du harnais vérifie en plus que l'« issuer » est l'URL dont le
    # document est servi et refuse un point d'accès sur un autre hôte (Discovery 1.0 §4.3) ;
    # en mémoire, les étapes vérifient la cohérence du document lui-même.
    Quand FranceConnect+ lit le document de découverte de l'Identité Numérique
    Alors son « issuer » est une URL absolue, sans requête ni fragment
    Et chacun de ses points d'accès est sur l'origine de son « issuer »
    Et il annonce les champs que FranceConnect+ exige
    Et il ne propose que la méthode PKCE « S256 »
