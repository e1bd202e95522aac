# language: fr
Fonctionnalité: Faire vérifier son identité en bureau de poste
  L'utilisateur choisit « Passage en bureau de poste » et reçoit par SMS un code
  d'activation à 6 chiffres ; sans rendez-vous, il présente à l'agent d'un bureau de poste
  participant la pièce d'identité utilisée lors de l'inscription et le code. Seuls les
  bureaux participants vérifient les identités. Un e-mail annonce dans l'heure la dernière
  étape, l'activation sur le smartphone (FAQ : « Comment faire vérifier mon identité en
  bureau de poste ? »).

  Contexte:
    Soit le monde « défaut »
    Et nous sommes le 02/03/2026
    Et Camille, qui veut créer son Identité Numérique
    Et Camille a déclaré son identité

  @VER-01 @VER-02 @VER-05 @VER-06 @mode-post-office
  Plan du scénario: Comment faire vérifier mon identité en bureau de poste ? Au bureau participant <bureau>
    Quand Camille opte pour le passage en bureau de poste
    Alors Camille a reçu par SMS un code d'activation à 6 chiffres
    Quand 2 heures passent
    Et Camille se présente au bureau de poste « <bureau> » avec sa pièce d'identité et son code d'activation
    Alors le contrôle de l'identité de Camille réussit
    Et Camille reçoit dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »
    Et l'Espace Client de Camille affiche « Téléchargement de l'application mobile »

    Exemples:
      | bureau                  |
      | po-75001-louvre         |
      | po-69002-bellecour      |
      | po-13001-colbert        |
      | po-97110-pointe-a-pitre |

  @VER-05 @mode-post-office
  Plan du scénario: Comment faire vérifier mon identité en bureau de poste ? Le bureau <bureau> ne participe pas
    Quand Camille opte pour le passage en bureau de poste
    Et Camille se présente au bureau de poste « <bureau> » avec sa pièce d'identité et son code d'activation
    Alors le bureau de poste « <bureau> » ne propose pas la vérification d'identité à Camille
    Quand le guichetier du bureau de poste « <bureau> » signale tout de même le contrôle de Camille
    Alors la demande est refusée avec le code « office_not_participating »
    Et Camille ne reçoit pas dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »
    Quand Camille se présente au bureau de poste « po-75001-louvre » avec sa pièce d'identité et son code d'activation
    Alors le contrôle de l'identité de Camille réussit
    Et Camille reçoit dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »

    Exemples:
      | bureau             |
      | po-75015-vaugirard |
      | po-33000-merignac  |

  @VER-02 @VER-03 @mode-post-office
  Plan du scénario: Comment faire vérifier mon identité en bureau de poste ? L'agent refuse <présentation>
    Quand Camille opte pour le passage en bureau de poste
    Et Camille se présente au bureau de poste « po-75001-louvre » avec « <présentation> »
    Alors le contrôle de l'identité de Camille échoue avec le motif « <motif> »
    Et Camille ne reçoit pas dans l'heure l'e-mail « Dernière étape : activez votre Identité Numérique »

    Exemples:
      | présentation                                          | motif             |
      | un code d'activation erroné                           | code_mismatch     |
      | une autre pièce d'identité                            | document_mismatch |
      | une pièce d'identité à un autre nom                   | data_mismatch     |
      | une pièce d'identité avec une autre date de naissance | data_mismatch     |
