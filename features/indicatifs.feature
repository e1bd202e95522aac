# language: fr
@ELIG
Fonctionnalité: Liste des pays et indicatifs téléphoniques éligibles
  Le numéro de mobile donné à la création du compte La Poste (ÉTAPES 8 et 11) doit avoir
  l'indicatif d'un des pays et territoires de la liste de la FAQ. Plusieurs territoires
  partagent un indicatif : +1 (Canada, Etats-Unis), +262 (La Réunion, Mayotte, Terres
  australes et antarctiques françaises), +590 (Guadeloupe, Saint-Barthélemy, Saint-Martin).
  Tout autre indicatif est refusé.

  Contexte:
    Soit le monde « défaut »
    Et Camille, qui veut créer son Identité Numérique

  @ELIG-04 @ACC-04
  Plan du scénario: Un numéro de mobile en <indicatif> (<pays>) est éligible
    Soit Camille a un numéro de mobile en <indicatif>
    Et Camille a confirmé son adresse e-mail et choisi son mot de passe
    Quand Camille renseigne son numéro de mobile
    Alors la demande est acceptée
    Et Camille reçoit un code à 4 chiffres par SMS

    Exemples: les indicatifs partagés par plusieurs pays ou territoires
      | indicatif | pays                                                                 |
      | +1        | Canada, Etats-Unis                                                   |
      | +262      | La Réunion, Mayotte, Terres australes et antarctiques françaises     |
      | +590      | Guadeloupe, Saint-Barthélemy, Saint-Martin                           |

    Exemples: un échantillon de la liste
      | indicatif | pays                     |
      | +33       | France                   |
      | +32       | Belgique                 |
      | +66       | Thaïlande                |
      | +687      | Nouvelle-Calédonie       |
      | +86       | Chine                    |
      | +213      | Algérie                  |
      | +508      | Saint-Pierre et Miquelon |
      | +594      | Guyane                   |
      | +596      | Martinique               |
      | +681      | Wallis et Futuna         |
      | +689      | Polynésie française      |
      | +970      | Etat de Palestine        |
      | +41       | Suisse                   |
      | +44       | Royaume-Uni              |

  @ELIG-04
  Plan du scénario: Un numéro de mobile en <indicatif> (<pays>) n'est pas éligible
    Soit Camille a un numéro de mobile en <indicatif>
    Et Camille a confirmé son adresse e-mail et choisi son mot de passe
    Quand Camille renseigne son numéro de mobile
    Alors la demande est refusée avec le code « calling_code_not_eligible »

    Exemples:
      | indicatif | pays                                  |
      | +7        | Russie                                |
      | +90       | Turquie                               |
      | +48       | Pologne                               |
      | +81       | Japon                                 |
      | +91       | Inde                                  |
      | +27       | Afrique du Sud                        |
      | +593      | Equateur, voisin de +590 et +594      |
      | +263      | Zimbabwe, voisin de +262              |
