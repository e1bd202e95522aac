# language: fr
Fonctionnalité: L'exception des cartes d'identité expirées
  La pièce d'identité doit être valide, c'est-à-dire non périmée. « Une exception est faite
  pour les CNI expirées, délivrées depuis 2008 » (ÉTAPE 2 du guide) : c'est le résumé de la
  règle de la FAQ, qui fait foi. Une carte nationale d'identité sécurisée délivrée à une
  personne majeure à partir du 2 janvier 2004 est valable 15 ans, même si la date imprimée
  dit 10 ; une carte délivrée à une personne mineure reste valable 10 ans. Les passeports
  et les titres de séjour sont valables jusqu'à leur date imprimée. La date d'expiration
  imprimée est le dernier jour de validité.

  Contexte:
    Soit le monde « défaut »
    Et Camille, qui veut créer son Identité Numérique

  @DOC-01 @DOC-02 @DOC-03 @ELIG-02 @mode-post-office
  Scénario: Une exception est faite pour les CNI expirées, délivrées depuis 2008
    Soit nous sommes le 01/03/2023
    Et Camille est née le 15/03/1970
    Et Camille a une carte d'identité délivrée le 01/07/2008 et expirant le 30/06/2018
    Et Camille a créé son compte La Poste
    Quand Camille demande son Identité Numérique avec sa pièce d'identité
    Alors la demande est acceptée
    Et l'Espace Client de Camille affiche « Vérification d'identité »
    Quand Camille fait vérifier sa demande au bureau de poste « Paris Louvre »
    Et 1 heure passe
    Alors Camille a reçu un e-mail « Dernière étape : activez votre Identité Numérique »
    Quand Camille télécharge l'application mobile et active son Identité Numérique
    Alors l'Espace Client de Camille affiche « Identité Numérique activée »
    Quand Camille se connecte à Mon Compte Formation avec son numéro de mobile
    Et Camille ouvre l'application et saisit son code secret
    Alors la connexion de Camille à Mon Compte Formation réussit au niveau FranceConnect+

  @DOC-01 @DOC-02 @DOC-03 @ELIG-02
  Plan du scénario: Depuis le 1er janvier 2014, la carte d'identité d'une personne majeure est valable 15 ans : <cas>
    Soit nous sommes le <jour>
    Et Camille est née le <naissance>
    Et Camille a une carte d'identité délivrée le <délivrance> et expirant le <expiration>
    Et Camille a créé son compte La Poste
    Quand Camille demande son Identité Numérique avec sa pièce d'identité
    Alors la demande <réponse>
    Et l'Espace Client de Camille affiche « <étape> »

    # <expiration> est la date imprimée sur la carte : son dernier jour de validité.
    Exemples: délivrée le 1er janvier 2004 : pas de prolongation ; le 2 janvier 2004 : 15 ans
      | cas                                             | naissance  | délivrance | expiration | jour       | réponse                                       | étape                       |
      | délivrée le 01/01/2004, dernier jour imprimé    | 15/03/1970 | 01/01/2004 | 31/12/2013 | 31/12/2013 | est acceptée                                  | Vérification d'identité     |
      | délivrée le 01/01/2004, date imprimée passée    | 15/03/1970 | 01/01/2004 | 31/12/2013 | 15/06/2015 | est refusée avec le code « document_expired » | Scan de la pièce d'identité |
      | délivrée le 02/01/2004, date imprimée passée    | 15/03/1970 | 02/01/2004 | 01/01/2014 | 15/06/2015 | est acceptée                                  | Vérification d'identité     |
      | délivrée le 02/01/2004, dernier jour des 15 ans | 15/03/1970 | 02/01/2004 | 01/01/2014 | 01/01/2019 | est acceptée                                  | Vérification d'identité     |
      | délivrée le 02/01/2004, lendemain des 15 ans    | 15/03/1970 | 02/01/2004 | 01/01/2014 | 02/01/2019 | est refusée avec le code « document_expired » | Scan de la pièce d'identité |

    Exemples: délivrée le 31 décembre 2013 (10 ans imprimés) ou le 1er janvier 2014 (15 ans imprimés) : 15 ans
      | cas                                             | naissance  | délivrance | expiration | jour       | réponse                                       | étape                       |
      | délivrée le 31/12/2013, date imprimée passée    | 15/03/1970 | 31/12/2013 | 30/12/2023 | 01/06/2024 | est acceptée                                  | Vérification d'identité     |
      | délivrée le 31/12/2013, dernier jour des 15 ans | 15/03/1970 | 31/12/2013 | 30/12/2023 | 30/12/2028 | est acceptée                                  | Vérification d'identité     |
      | délivrée le 31/12/2013, lendemain des 15 ans    | 15/03/1970 | 31/12/2013 | 30/12/2023 | 31/12/2028 | est refusée avec le code « document_expired » | Scan de la pièce d'identité |
      | délivrée le 01/01/2014, dernier jour des 15 ans | 15/03/1970 | 01/01/2014 | 31/12/2028 | 31/12/2028 | est acceptée                                  | Vérification d'identité     |
      | délivrée le 01/01/2014, lendemain des 15 ans    | 15/03/1970 | 01/01/2014 | 31/12/2028 | 01/01/2029 | est refusée avec le code « document_expired » | Scan de la pièce d'identité |

    Exemples: 17 ou 18 ans le jour de la délivrance (le jour des 18 ans compte comme majeur)
      | cas                                                  | naissance  | délivrance | expiration | jour       | réponse                                       | étape                       |
      | délivrée à 17 ans, dernier jour imprimé              | 02/06/1992 | 01/06/2010 | 31/05/2020 | 31/05/2020 | est acceptée                                  | Vérification d'identité     |
      | délivrée à 17 ans, lendemain des 10 ans              | 02/06/1992 | 01/06/2010 | 31/05/2020 | 01/06/2020 | est refusée avec le code « document_expired » | Scan de la pièce d'identité |
      | délivrée le jour des 18 ans, date imprimée passée    | 02/06/1992 | 02/06/2010 | 01/06/2020 | 02/06/2020 | est acceptée                                  | Vérification d'identité     |
      | délivrée le jour des 18 ans, dernier jour des 15 ans | 02/06/1992 | 02/06/2010 | 01/06/2020 | 01/06/2025 | est acceptée                                  | Vérification d'identité     |
      | délivrée le jour des 18 ans, lendemain des 15 ans    | 02/06/1992 | 02/06/2010 | 01/06/2020 | 02/06/2025 | est refusée avec le code « document_expired » | Scan de la pièce d'identité |

    Exemples: la carte d'une personne mineure reste valable 10 ans, même délivrée après 2014
      | cas                                        | naissance  | délivrance | expiration | jour       | réponse                                       | étape                       |
      | délivrée à 14 ans, dernier jour des 10 ans | 10/09/2000 | 20/04/2015 | 19/04/2025 | 19/04/2025 | est acceptée                                  | Vérification d'identité     |
      | délivrée à 14 ans, lendemain des 10 ans    | 10/09/2000 | 20/04/2015 | 19/04/2025 | 20/04/2025 | est refusée avec le code « document_expired » | Scan de la pièce d'identité |

    Exemples: « délivrées depuis 2008 » ne suffit pas : les 15 ans comptent, jour pour jour
      | cas                                             | naissance  | délivrance | expiration | jour       | réponse                                       | étape                       |
      | délivrée le 01/07/2008, dernier jour des 15 ans | 15/03/1970 | 01/07/2008 | 30/06/2018 | 30/06/2023 | est acceptée                                  | Vérification d'identité     |
      | délivrée le 01/07/2008, lendemain des 15 ans    | 15/03/1970 | 01/07/2008 | 30/06/2018 | 01/07/2023 | est refusée avec le code « document_expired » | Scan de la pièce d'identité |
      | délivrée un 29 février, dernier jour des 15 ans | 15/03/1970 | 29/02/2008 | 28/02/2018 | 28/02/2023 | est acceptée                                  | Vérification d'identité     |
      | délivrée un 29 février, lendemain des 15 ans    | 15/03/1970 | 29/02/2008 | 28/02/2018 | 01/03/2023 | est refusée avec le code « document_expired » | Scan de la pièce d'identité |

  @DOC-01 @ELIG-02
  Plan du scénario: Un passeport ou un titre de séjour est valable jusqu'à sa date imprimée : <cas>
    Soit nous sommes le <jour>
    Et Camille est née le 15/03/1970
    Et Camille a <pièce> délivré le <délivrance> et expirant le <expiration>
    Et Camille a créé son compte La Poste
    Quand Camille demande son Identité Numérique avec sa pièce d'identité
    Alors la demande <réponse>
    Et l'Espace Client de Camille affiche « <étape> »

    Exemples:
      | cas                                       | pièce              | délivrance | expiration | jour       | réponse                                       | étape                       |
      | passeport, dernier jour imprimé           | un passeport       | 12/03/2014 | 11/03/2024 | 11/03/2024 | est acceptée                                  | Vérification d'identité     |
      | passeport, lendemain                      | un passeport       | 12/03/2014 | 11/03/2024 | 12/03/2024 | est refusée avec le code « document_expired » | Scan de la pièce d'identité |
      | passeport délivré en 2010 : pas de 15 ans | un passeport       | 02/01/2010 | 01/01/2020 | 01/06/2022 | est refusée avec le code « document_expired » | Scan de la pièce d'identité |
      | titre de séjour, dernier jour imprimé     | un titre de séjour | 12/03/2014 | 11/03/2024 | 11/03/2024 | est acceptée                                  | Vérification d'identité     |
      | titre de séjour, lendemain                | un titre de séjour | 12/03/2014 | 11/03/2024 | 12/03/2024 | est refusée avec le code « document_expired » | Scan de la pièce d'identité |

  @DOC-01 @DOC-02 @ENR-01 @channel-counter
  Plan du scénario: Comment créer mon Identité Numérique en bureau de poste ? Avec une CNI expirée : <cas>
    Soit nous sommes le 01/06/2024
    Et Camille est née le 15/03/1970
    Et Camille a une carte d'identité délivrée le <délivrance> et expirant le <expiration>
    Et Camille a créé son compte La Poste
    Quand un chargé de clientèle du bureau de poste « Paris Louvre » crée l'Identité Numérique de Camille
    Alors la demande <réponse>

    Exemples:
      | cas                               | délivrance | expiration | réponse                                       |
      | délivrée en 2010, prolongée       | 01/06/2010 | 31/05/2020 | est acceptée                                  |
      | délivrée en 2004, hors des 15 ans | 15/03/2004 | 14/03/2014 | est refusée avec le code « document_expired » |
