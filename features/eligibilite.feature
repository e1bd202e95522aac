# language: fr
Fonctionnalité: Suis-je éligible à L'Identité Numérique ?
  Pour obtenir une Identité Numérique La Poste, il faut être majeur(e), 18 ans révolus le
  jour de la demande, et posséder une pièce d'identité française en cours de validité :
  carte nationale d'identité, passeport français, ou titre de séjour français d'une durée
  de validité supérieure ou égale à 5 ans. Sans pièce française, la demande s'arrête à
  l'ÉTAPE 13 du guide.

  Contexte:
    Soit le monde « défaut »
    Et Camille, qui veut créer son Identité Numérique

  @ELIG-01
  Plan du scénario: Être majeur(e), 18 ans révolus : Camille est éligible dès le jour de ses 18 ans : <cas>
    Soit nous sommes le <jour>
    Et Camille est née le <naissance>
    Et Camille a créé son compte La Poste
    Quand Camille demande son Identité Numérique avec sa pièce d'identité
    Alors la demande est acceptée
    Et l'Espace Client de Camille affiche « Vérification d'identité »

    Exemples:
      | jour       | naissance  | cas                                                |
      | 10/05/2026 | 10/05/2008 | le jour de ses 18 ans                              |
      | 11/05/2026 | 10/05/2008 | le lendemain de ses 18 ans                         |
      | 01/03/2026 | 29/02/2008 | née un 29 février : ses 18 ans tombent le 1er mars |
      | 01/03/2026 | 01/03/2008 | née un 1er mars : le jour de ses 18 ans            |

  @ELIG-01
  Plan du scénario: Être majeur(e), 18 ans révolus : la veille de ses 18 ans, la demande de Camille est refusée : <cas>
    Soit nous sommes le <jour>
    Et Camille est née le <naissance>
    Et Camille a créé son compte La Poste
    Quand Camille demande son Identité Numérique avec sa pièce d'identité
    Alors la demande est refusée avec le code « underage »
    Et l'Espace Client de Camille affiche « Scan de la pièce d'identité »

    Exemples:
      | jour       | naissance  | cas                                                 |
      | 09/05/2026 | 10/05/2008 | la veille de ses 18 ans                             |
      | 28/02/2026 | 29/02/2008 | née un 29 février : pas encore 18 ans le 28 février |
      | 10/05/2026 | 10/05/2009 | 17 ans tout juste                                   |

  @ELIG-02 @ENR-03
  Plan du scénario: Posséder une pièce d'identité française en cours de validité : <type>
    Soit Camille a <pièce> en cours de validité
    Et Camille a créé son compte La Poste
    Quand Camille répond « Oui » à la question « Avez vous une pièce d'identité française ? »
    Et Camille choisit « <type> » et saisit les informations de sa pièce d'identité
    Alors la page « Confirmez les informations » de Camille affiche « Pièce d'identité : <type> »
    Et la page « Confirmez les informations » de Camille reprend exactement sa pièce d'identité
    Quand Camille confirme les informations en cliquant sur « VALIDER »
    Alors la demande est acceptée
    Et l'Espace Client de Camille indique la pièce « <type> »
    Et l'Espace Client de Camille affiche « Vérification d'identité »

    Exemples:
      | pièce                | type                               |
      | une carte d'identité | Carte d'identité                   |
      | un passeport         | Passeport                          |
      | un titre de séjour   | Titre de séjour (de 5 ans minimum) |

  @ELIG-02
  Plan du scénario: Titre de séjour français ayant une durée de validité supérieure ou égale à 5 ans : <durée>
    Soit nous sommes le 10/05/2024
    Et Camille est née le 15/03/1990
    Et Camille a un titre de séjour délivré le <délivrance> et expirant le <expiration>
    Et Camille a créé son compte La Poste
    Quand Camille demande son Identité Numérique avec sa pièce d'identité
    Alors la demande est acceptée
    Et l'Espace Client de Camille affiche « Vérification d'identité »

    Exemples:
      | délivrance | expiration | durée                                                   |
      | 15/03/2022 | 14/03/2027 | exactement 5 ans : la date imprimée est le dernier jour |
      | 15/03/2022 | 14/03/2032 | 10 ans                                                  |
      | 29/02/2024 | 28/02/2029 | exactement 5 ans depuis un 29 février                   |

  @ELIG-02
  Plan du scénario: Un titre de séjour de moins de 5 ans est refusé : <durée>
    Soit nous sommes le 10/05/2024
    Et Camille est née le 15/03/1990
    Et Camille a un titre de séjour délivré le <délivrance> et expirant le <expiration>
    Et Camille a créé son compte La Poste
    Quand Camille demande son Identité Numérique avec sa pièce d'identité
    Alors la demande est refusée avec le code « residence_permit_too_short »
    Et l'Espace Client de Camille affiche « Scan de la pièce d'identité »

    Exemples:
      | délivrance | expiration | durée                                     |
      | 15/03/2022 | 13/03/2027 | 5 ans moins un jour                       |
      | 29/02/2024 | 27/02/2029 | 5 ans moins un jour, depuis un 29 février |
      | 15/03/2023 | 14/03/2025 | 2 ans                                     |

  @ELIG-06 @ENR-03
  Scénario: ÉTAPE 13 : sans pièce d'identité française, Camille répond « Non » et ne peut pas continuer
    Soit Camille a créé son compte La Poste
    Quand Camille répond « Non » à la question « Avez vous une pièce d'identité française ? »
    Alors la demande est refusée avec le code « no_french_document »
    Quand Camille saisit les informations de sa pièce d'identité
    Alors la demande est refusée avec le code « step_out_of_order »
